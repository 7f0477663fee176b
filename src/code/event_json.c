/* event_json.c — stage 2 (code): one event as the JSON object of `parley code`.
 * The field names are the stable interface documented in docs/events.md. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "parley/code.h"

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *actor_json(const parley_actor *a) {
  json_t *o = json_object();
  json_object_set_new(o, "code", json_string(a->code));
  json_object_set_new(o, "country", str_or_null(a->country));
  json_object_set_new(o, "name", json_string(a->name));
  return o;
}

static json_t *span_json(parley_span s) {
  json_t *a = json_array();
  json_array_append_new(a, json_integer((json_int_t)s.start));
  json_array_append_new(a, json_integer((json_int_t)s.end));
  return a;
}

char *parley_event_to_json(const parley_event *e, const parley_doc *doc, const parley_dict *dict) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(e->id));
  json_object_set_new(o, "doc_id", str_or_null(e->doc_id));
  json_object_set_new(o, "sentence", json_integer(e->sentence));
  json_object_set_new(o, "span", span_json(e->span));
  if (doc && e->evidence.end <= doc->text_len && e->evidence.start <= e->evidence.end)
    json_object_set_new(o, "evidence",
                        json_stringn(doc->text + e->evidence.start, e->evidence.end - e->evidence.start));
  else
    json_object_set_new(o, "evidence", json_null());
  json_object_set_new(o, "evidence_span", span_json(e->evidence));
  json_object_set_new(o, "trigger", json_string(e->trigger));
  json_object_set_new(o, "pattern", json_string(e->pattern));
  json_object_set_new(o, "date", str_or_null(e->date));
  json_object_set_new(o, "date_end", str_or_null(e->date_end));
  json_object_set_new(o, "date_basis", json_string(parley_date_basis_name(e->date_basis)));
  static const char *prec[] = {"none", "year", "month", "day"};
  json_object_set_new(o, "date_precision", json_string(prec[e->date_precision & 3]));
  json_object_set_new(o, "source_actor", actor_json(&e->source));
  json_object_set_new(o, "target_actor", actor_json(&e->target));
  json_object_set_new(o, "event_code", json_string(e->event_code));
  const parley_cameo *c = dict ? parley_dict_cameo(dict, e->event_code) : NULL;
  json_object_set_new(o, "event_name", c ? json_string(c->name) : json_null());
  json_object_set_new(o, "root_code", json_string(e->root_code));
  json_object_set_new(o, "quad_class", json_integer(e->quad_class));
  json_object_set_new(o, "goldstein", json_real(e->goldstein));
  json_object_set_new(o, "count", e->count > 0 ? json_integer(e->count) : json_null());
  if (e->location[0]) {
    json_t *l = json_object();
    json_object_set_new(l, "name", json_string(e->location));
    json_object_set_new(l, "country", str_or_null(e->location_country));
    json_object_set_new(o, "location", l);
  } else {
    json_object_set_new(o, "location", json_null());
  }
  json_object_set_new(o, "lang", json_string(e->lang));
  json_t *cl = json_array();
  for (size_t i = 0; i < e->n_claims; i++) {
    const parley_claim *k = &e->claims[i];
    json_t *x = json_object();
    json_object_set_new(x, "actor", actor_json(&k->actor));
    json_object_set_new(x, "stance", json_string(parley_stance_name(k->stance)));
    json_object_set_new(x, "sentence", json_integer(k->sentence));
    json_object_set_new(x, "span", span_json(k->span));
    if (doc && k->span.end <= doc->text_len && k->span.start <= k->span.end)
      json_object_set_new(x, "cue", json_stringn(doc->text + k->span.start, k->span.end - k->span.start));
    json_array_append_new(cl, x);
  }
  json_object_set_new(o, "claims", cl);
  if (doc) {
    json_t *dj = json_object();
    json_object_set_new(dj, "id", str_or_null(doc->id));
    json_object_set_new(dj, "date", str_or_null(doc->date));
    json_object_set_new(dj, "source", str_or_null(doc->source));
    json_object_set_new(dj, "url", str_or_null(doc->url));
    json_object_set_new(dj, "title", str_or_null(doc->title));
    json_object_set_new(dj, "hash", str_or_null(doc->hash));
    json_object_set_new(o, "doc", dj);
  }
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0 | JSON_REAL_PRECISION(3));
  json_decref(o);
  return s;
}
