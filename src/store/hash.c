/* hash.c — stage 3 (store): the 128-bit content hash of files and texts.
 *
 * MurmurHash3 x64_128 (Austin Appleby, public domain), in a streaming form so
 * that a file is hashed while it is read. It identifies content for
 * deduplication ("was this file imported already?", a document's hash when
 * its reader supplied none); it is not a cryptographic hash. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static const uint64_t C1 = 0x87c37b91114253d5ULL, C2 = 0x4cf5ad432745937fULL;

static uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

static uint64_t load64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static void block(store_hash *h, const unsigned char *p) {
  uint64_t k1 = load64(p), k2 = load64(p + 8);
  k1 *= C1;
  k1 = rotl64(k1, 31);
  k1 *= C2;
  h->h1 ^= k1;
  h->h1 = rotl64(h->h1, 27);
  h->h1 += h->h2;
  h->h1 = h->h1 * 5 + 0x52dce729;
  k2 *= C2;
  k2 = rotl64(k2, 33);
  k2 *= C1;
  h->h2 ^= k2;
  h->h2 = rotl64(h->h2, 31);
  h->h2 += h->h1;
  h->h2 = h->h2 * 5 + 0x38495ab5;
}

void store_hash_init(store_hash *h) { memset(h, 0, sizeof *h); }

void store_hash_update(store_hash *h, const void *data, size_t len) {
  const unsigned char *p = data;
  h->total += len;
  if (h->ntail) {
    size_t take = 16 - h->ntail < len ? 16 - h->ntail : len;
    memcpy(h->tail + h->ntail, p, take);
    h->ntail += take;
    p += take;
    len -= take;
    if (h->ntail < 16) return;
    block(h, h->tail);
    h->ntail = 0;
  }
  while (len >= 16) {
    block(h, p);
    p += 16;
    len -= 16;
  }
  memcpy(h->tail, p, len);
  h->ntail = len;
}

void store_hash_final(store_hash *h, char out[33]) {
  uint64_t k1 = 0, k2 = 0;
  const unsigned char *t = h->tail;
  switch (h->ntail) {
  case 15: k2 ^= (uint64_t)t[14] << 48; /* fall through */
  case 14: k2 ^= (uint64_t)t[13] << 40; /* fall through */
  case 13: k2 ^= (uint64_t)t[12] << 32; /* fall through */
  case 12: k2 ^= (uint64_t)t[11] << 24; /* fall through */
  case 11: k2 ^= (uint64_t)t[10] << 16; /* fall through */
  case 10: k2 ^= (uint64_t)t[9] << 8;   /* fall through */
  case 9:
    k2 ^= (uint64_t)t[8];
    k2 *= C2;
    k2 = rotl64(k2, 33);
    k2 *= C1;
    h->h2 ^= k2;
    /* fall through */
  case 8: k1 ^= (uint64_t)t[7] << 56; /* fall through */
  case 7: k1 ^= (uint64_t)t[6] << 48; /* fall through */
  case 6: k1 ^= (uint64_t)t[5] << 40; /* fall through */
  case 5: k1 ^= (uint64_t)t[4] << 32; /* fall through */
  case 4: k1 ^= (uint64_t)t[3] << 24; /* fall through */
  case 3: k1 ^= (uint64_t)t[2] << 16; /* fall through */
  case 2: k1 ^= (uint64_t)t[1] << 8;  /* fall through */
  case 1:
    k1 ^= (uint64_t)t[0];
    k1 *= C1;
    k1 = rotl64(k1, 31);
    k1 *= C2;
    h->h1 ^= k1;
    break;
  default: break;
  }
  uint64_t h1 = h->h1 ^ h->total, h2 = h->h2 ^ h->total;
  h1 += h2;
  h2 += h1;
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 += h2;
  h2 += h1;
  snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

void parley_store_hash_hex(const void *data, size_t len, char out[33]) {
  store_hash h;
  store_hash_init(&h);
  store_hash_update(&h, data, len);
  store_hash_final(&h, out);
}

int store_hash_file(const char *path, char out[33], long long *size, parley_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return parley_error_set(err, PARLEY_EIO, path, 0, "cannot open: %s", strerror(errno));
  static const size_t N = 1 << 20;
  unsigned char *buf = malloc(N);
  if (!buf) {
    fclose(f);
    return parley_error_set(err, PARLEY_ENOMEM, path, 0, "out of memory");
  }
  store_hash h;
  store_hash_init(&h);
  size_t n;
  while ((n = fread(buf, 1, N, f)) > 0)
    store_hash_update(&h, buf, n);
  int bad = ferror(f);
  free(buf);
  fclose(f);
  if (bad) return parley_error_set(err, PARLEY_EIO, path, 0, "read error");
  if (size) *size = (long long)h.total;
  store_hash_final(&h, out);
  return PARLEY_OK;
}
