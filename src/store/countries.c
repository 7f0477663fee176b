/* countries.c — stage 3 (store): country names and codes for the importers.
 *
 * ICEWS and ACLED name countries in words ("Russian Federation", "Ivory
 * Coast"); GDELT locates events with FIPS 10-4 codes ("RS", "CH"). parley's
 * actor codes follow CAMEO, which uses ISO 3166 alpha-3, so the importers map
 * every name and FIPS code they can to alpha-3 here (the original value is
 * always kept in extra_json). Also: the CAMEO actor type of an ICEWS sector
 * list, and the IGO codes GDELT uses for the best-known organisations. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store_internal.h"

typedef struct country_entry {
  const char *iso3;
  const char *fips;  /* "" when FIPS 10-4 has no code of its own */
  const char *names; /* ';'-separated, the first is the display name */
} country_entry;

static const country_entry COUNTRIES[] = {
    {"AFG", "AF", "Afghanistan"},
    {"ALB", "AL", "Albania"},
    {"DZA", "AG", "Algeria"},
    {"ASM", "AQ", "American Samoa"},
    {"AND", "AN", "Andorra"},
    {"AGO", "AO", "Angola"},
    {"AIA", "AV", "Anguilla"},
    {"ATA", "AY", "Antarctica"},
    {"ATG", "AC", "Antigua and Barbuda;Antigua & Barbuda"},
    {"ARG", "AR", "Argentina"},
    {"ARM", "AM", "Armenia"},
    {"ABW", "AA", "Aruba"},
    {"AUS", "AS", "Australia"},
    {"AUT", "AU", "Austria"},
    {"AZE", "AJ", "Azerbaijan"},
    {"BHS", "BF", "Bahamas;The Bahamas;Bahamas, The"},
    {"BHR", "BA", "Bahrain"},
    {"BGD", "BG", "Bangladesh"},
    {"BRB", "BB", "Barbados"},
    {"BLR", "BO", "Belarus"},
    {"BEL", "BE", "Belgium"},
    {"BLZ", "BH", "Belize"},
    {"BEN", "BN", "Benin"},
    {"BMU", "BD", "Bermuda"},
    {"BTN", "BT", "Bhutan"},
    {"BOL", "BL", "Bolivia;Bolivia, Plurinational State of"},
    {"BIH", "BK", "Bosnia and Herzegovina;Bosnia-Herzegovina;Bosnia & Herzegovina;Bosnia"},
    {"BWA", "BC", "Botswana"},
    {"BRA", "BR", "Brazil"},
    {"VGB", "VI", "British Virgin Islands;Virgin Islands, British"},
    {"BRN", "BX", "Brunei;Brunei Darussalam"},
    {"BGR", "BU", "Bulgaria"},
    {"BFA", "UV", "Burkina Faso"},
    {"BDI", "BY", "Burundi"},
    {"KHM", "CB", "Cambodia"},
    {"CMR", "CM", "Cameroon"},
    {"CAN", "CA", "Canada"},
    {"CPV", "CV", "Cape Verde;Cabo Verde"},
    {"CYM", "CJ", "Cayman Islands"},
    {"CAF", "CT", "Central African Republic"},
    {"TCD", "CD", "Chad"},
    {"CHL", "CI", "Chile"},
    {"CHN", "CH", "China;People's Republic of China"},
    {"CXR", "KT", "Christmas Island"},
    {"CCK", "CK", "Cocos (Keeling) Islands;Cocos Islands"},
    {"COL", "CO", "Colombia"},
    {"COM", "CN", "Comoros"},
    {"COG", "CF", "Republic of Congo;Congo;Congo-Brazzaville;Republic of the Congo;Congo, Republic of"},
    {"COD", "CG",
     "Democratic Republic of Congo;Democratic Republic of the Congo;Congo, The Democratic Republic of the;"
     "Congo, Democratic Republic of the;DR Congo;DRC;Congo-Kinshasa;Zaire"},
    {"COK", "CW", "Cook Islands"},
    {"CRI", "CS", "Costa Rica"},
    {"CIV", "IV", "Cote d'Ivoire;C\xc3\xb4te d'Ivoire;Ivory Coast"},
    {"HRV", "HR", "Croatia"},
    {"CUB", "CU", "Cuba"},
    {"CUW", "UC",
     "Curacao;Cura\xc3\xa7"
     "ao"},
    {"CYP", "CY", "Cyprus"},
    {"CZE", "EZ", "Czech Republic;Czechia"},
    {"DNK", "DA", "Denmark"},
    {"DJI", "DJ", "Djibouti"},
    {"DMA", "DO", "Dominica"},
    {"DOM", "DR", "Dominican Republic"},
    {"ECU", "EC", "Ecuador"},
    {"EGY", "EG", "Egypt"},
    {"SLV", "ES", "El Salvador"},
    {"GNQ", "EK", "Equatorial Guinea"},
    {"ERI", "ER", "Eritrea"},
    {"EST", "EN", "Estonia"},
    {"SWZ", "WZ", "Eswatini;eSwatini;Swaziland"},
    {"ETH", "ET", "Ethiopia"},
    {"FLK", "FK", "Falkland Islands;Falkland Islands (Malvinas)"},
    {"FRO", "FO", "Faroe Islands"},
    {"FJI", "FJ", "Fiji"},
    {"FIN", "FI", "Finland"},
    {"FRA", "FR", "France"},
    {"GUF", "FG", "French Guiana"},
    {"PYF", "FP", "French Polynesia"},
    {"GAB", "GB", "Gabon"},
    {"GMB", "GA", "Gambia;The Gambia;Gambia, The"},
    {"GEO", "GG", "Georgia"},
    {"DEU", "GM", "Germany"},
    {"GHA", "GH", "Ghana"},
    {"GIB", "GI", "Gibraltar"},
    {"GRC", "GR", "Greece"},
    {"GRL", "GL", "Greenland"},
    {"GRD", "GJ", "Grenada"},
    {"GLP", "GP", "Guadeloupe"},
    {"GUM", "GQ", "Guam"},
    {"GTM", "GT", "Guatemala"},
    {"GGY", "GK", "Guernsey"},
    {"GIN", "GV", "Guinea"},
    {"GNB", "PU", "Guinea-Bissau;Guinea Bissau"},
    {"GUY", "GY", "Guyana"},
    {"HTI", "HA", "Haiti"},
    {"VAT", "VT", "Holy See;Vatican;Vatican City;Holy See (Vatican City State)"},
    {"HND", "HO", "Honduras"},
    {"HKG", "HK", "Hong Kong"},
    {"HUN", "HU", "Hungary"},
    {"ISL", "IC", "Iceland"},
    {"IND", "IN", "India"},
    {"IDN", "ID", "Indonesia"},
    {"IRN", "IR", "Iran;Iran, Islamic Republic of"},
    {"IRQ", "IZ", "Iraq"},
    {"IRL", "EI", "Ireland"},
    {"IMN", "IM", "Isle of Man"},
    {"ISR", "IS", "Israel"},
    {"ITA", "IT", "Italy"},
    {"JAM", "JM", "Jamaica"},
    {"JPN", "JA", "Japan"},
    {"JEY", "JE", "Jersey"},
    {"JOR", "JO", "Jordan"},
    {"KAZ", "KZ", "Kazakhstan"},
    {"KEN", "KE", "Kenya"},
    {"KIR", "KR", "Kiribati"},
    {"PRK", "KN", "North Korea;Korea, Democratic People's Republic of;Democratic People's Republic of Korea"},
    {"KOR", "KS", "South Korea;Korea, Republic of;Republic of Korea;Korea"},
    {"KSV", "KV", "Kosovo"},
    {"KWT", "KU", "Kuwait"},
    {"KGZ", "KG", "Kyrgyzstan"},
    {"LAO", "LA", "Laos;Lao People's Democratic Republic"},
    {"LVA", "LG", "Latvia"},
    {"LBN", "LE", "Lebanon"},
    {"LSO", "LT", "Lesotho"},
    {"LBR", "LI", "Liberia"},
    {"LBY", "LY", "Libya;Libyan Arab Jamahiriya"},
    {"LIE", "LS", "Liechtenstein"},
    {"LTU", "LH", "Lithuania"},
    {"LUX", "LU", "Luxembourg"},
    {"MAC", "MC", "Macau;Macao"},
    {"MKD", "MK",
     "North Macedonia;Macedonia;the former Yugoslav Republic of Macedonia;"
     "Macedonia, the former Yugoslav Republic of"},
    {"MDG", "MA", "Madagascar"},
    {"MWI", "MI", "Malawi"},
    {"MYS", "MY", "Malaysia"},
    {"MDV", "MV", "Maldives"},
    {"MLI", "ML", "Mali"},
    {"MLT", "MT", "Malta"},
    {"MHL", "RM", "Marshall Islands"},
    {"MTQ", "MB", "Martinique"},
    {"MRT", "MR", "Mauritania"},
    {"MUS", "MP", "Mauritius"},
    {"MYT", "MF", "Mayotte"},
    {"MEX", "MX", "Mexico"},
    {"FSM", "FM", "Micronesia;Micronesia, Federated States of"},
    {"MDA", "MD", "Moldova;Moldova, Republic of"},
    {"MCO", "MN", "Monaco"},
    {"MNG", "MG", "Mongolia"},
    {"MNE", "MJ", "Montenegro"},
    {"MSR", "MH", "Montserrat"},
    {"MAR", "MO", "Morocco"},
    {"MOZ", "MZ", "Mozambique"},
    {"MMR", "BM", "Myanmar;Burma"},
    {"NAM", "WA", "Namibia"},
    {"NRU", "NR", "Nauru"},
    {"NPL", "NP", "Nepal"},
    {"NLD", "NL", "Netherlands;The Netherlands"},
    {"NCL", "NC", "New Caledonia"},
    {"NZL", "NZ", "New Zealand"},
    {"NIC", "NU", "Nicaragua"},
    {"NER", "NG", "Niger"},
    {"NGA", "NI", "Nigeria"},
    {"NIU", "NE", "Niue"},
    {"NFK", "NF", "Norfolk Island"},
    {"MNP", "CQ", "Northern Mariana Islands"},
    {"NOR", "NO", "Norway"},
    {"OMN", "MU", "Oman"},
    {"PAK", "PK", "Pakistan"},
    {"PLW", "PS", "Palau"},
    {"PSE", "WE",
     "Palestine;Occupied Palestinian Territory;Palestinian Territory;Palestinian Territories;"
     "Palestine, State of;West Bank"},
    {"PSE", "GZ", "Gaza Strip;Gaza"},
    {"PAN", "PM", "Panama"},
    {"PNG", "PP", "Papua New Guinea"},
    {"PRY", "PA", "Paraguay"},
    {"PER", "PE", "Peru"},
    {"PHL", "RP", "Philippines"},
    {"PCN", "PC", "Pitcairn;Pitcairn Islands"},
    {"POL", "PL", "Poland"},
    {"PRT", "PO", "Portugal"},
    {"PRI", "RQ", "Puerto Rico"},
    {"QAT", "QA", "Qatar"},
    {"REU", "RE", "Reunion;R\xc3\xa9union"},
    {"ROU", "RO", "Romania"},
    {"RUS", "RS", "Russia;Russian Federation"},
    {"RWA", "RW", "Rwanda"},
    {"BLM", "TB", "Saint Barthelemy"},
    {"SHN", "SH", "Saint Helena"},
    {"KNA", "SC", "Saint Kitts and Nevis"},
    {"LCA", "ST", "Saint Lucia"},
    {"MAF", "RN", "Saint Martin"},
    {"SPM", "SB", "Saint Pierre and Miquelon"},
    {"VCT", "VC", "Saint Vincent and the Grenadines"},
    {"WSM", "WS", "Samoa"},
    {"SMR", "SM", "San Marino"},
    {"STP", "TP", "Sao Tome and Principe;S\xc3\xa3o Tom\xc3\xa9 and Pr\xc3\xadncipe"},
    {"SAU", "SA", "Saudi Arabia"},
    {"SEN", "SG", "Senegal"},
    {"SRB", "RI", "Serbia"},
    {"SYC", "SE", "Seychelles"},
    {"SLE", "SL", "Sierra Leone"},
    {"SGP", "SN", "Singapore"},
    {"SXM", "NN", "Sint Maarten"},
    {"SVK", "LO", "Slovakia;Slovak Republic"},
    {"SVN", "SI", "Slovenia"},
    {"SLB", "BP", "Solomon Islands"},
    {"SOM", "SO", "Somalia"},
    {"ZAF", "SF", "South Africa"},
    {"SSD", "OD", "South Sudan"},
    {"ESP", "SP", "Spain"},
    {"LKA", "CE", "Sri Lanka"},
    {"SDN", "SU", "Sudan"},
    {"SUR", "NS", "Suriname"},
    {"SWE", "SW", "Sweden"},
    {"CHE", "SZ", "Switzerland"},
    {"SYR", "SY", "Syria;Syrian Arab Republic"},
    {"TWN", "TW", "Taiwan;Taiwan, Province of China"},
    {"TJK", "TI", "Tajikistan"},
    {"TZA", "TZ", "Tanzania;Tanzania, United Republic of;United Republic of Tanzania"},
    {"THA", "TH", "Thailand"},
    {"TLS", "TT", "Timor-Leste;East Timor"},
    {"TGO", "TO", "Togo"},
    {"TKL", "TL", "Tokelau"},
    {"TON", "TN", "Tonga"},
    {"TTO", "TD", "Trinidad and Tobago"},
    {"TUN", "TS", "Tunisia"},
    {"TUR", "TU", "Turkey;T\xc3\xbcrkiye;Turkiye"},
    {"TKM", "TX", "Turkmenistan"},
    {"TCA", "TK", "Turks and Caicos Islands"},
    {"TUV", "TV", "Tuvalu"},
    {"UGA", "UG", "Uganda"},
    {"UKR", "UP", "Ukraine"},
    {"ARE", "AE", "United Arab Emirates;UAE"},
    {"GBR", "UK", "United Kingdom;UK;Great Britain;Britain"},
    {"USA", "US", "United States;United States of America;USA;US"},
    {"URY", "UY", "Uruguay"},
    {"UZB", "UZ", "Uzbekistan"},
    {"VUT", "NH", "Vanuatu"},
    {"VEN", "VE", "Venezuela;Venezuela, Bolivarian Republic of"},
    {"VNM", "VM", "Vietnam;Viet Nam"},
    {"VIR", "VQ", "US Virgin Islands;Virgin Islands, U.S.;United States Virgin Islands"},
    {"WLF", "WF", "Wallis and Futuna"},
    {"ESH", "WI", "Western Sahara"},
    {"YEM", "YM", "Yemen"},
    {"ZMB", "ZA", "Zambia"},
    {"ZWE", "ZI", "Zimbabwe"},
    {"SRB", "RB", "Serbia and Montenegro"}, /* FIPS before 2006 */
};

#define N_COUNTRIES (sizeof COUNTRIES / sizeof COUNTRIES[0])

static int name_eq(const char *a, size_t alen, const char *b, size_t blen) {
  return alen == blen && strncasecmp(a, b, alen) == 0;
}

const char *country_iso3(const char *name, size_t len) {
  if (!name) return NULL;
  while (len && isspace((unsigned char)*name))
    name++, len--;
  while (len && isspace((unsigned char)name[len - 1]))
    len--;
  if (!len) return NULL;
  for (size_t i = 0; i < N_COUNTRIES; i++) {
    const char *p = COUNTRIES[i].names;
    for (;;) {
      const char *e = strchr(p, ';');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      if (name_eq(name, len, p, n)) return COUNTRIES[i].iso3;
      if (!e) break;
      p = e + 1;
    }
  }
  return NULL;
}

const char *country_memo_get(country_memo *m, const char *name) {
  if (!name || !*name) return NULL;
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = name; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  size_t k = (size_t)(h % COUNTRY_MEMO_SIZE);
  if (m->key[k] && !strcmp(m->key[k], name)) return m->val[k];
  free(m->key[k]);
  m->key[k] = strdup(name);
  m->val[k] = country_iso3(name, strlen(name));
  return m->val[k];
}

void country_memo_free(country_memo *m) {
  for (size_t i = 0; i < COUNTRY_MEMO_SIZE; i++)
    free(m->key[i]);
  memset(m, 0, sizeof *m);
}

const char *parley_country_iso3(const char *name) { return name ? country_iso3(name, strlen(name)) : NULL; }

const char *parley_country_from_fips(const char *fips) {
  if (!fips || strlen(fips) != 2) return NULL;
  for (size_t i = 0; i < N_COUNTRIES; i++)
    if (!strcmp(COUNTRIES[i].fips, fips)) return COUNTRIES[i].iso3;
  return NULL;
}

/* ICEWS sector names → CAMEO actor type, the most specific first. The types
 * follow CAMEO's actor codebook (../shared/data/cameo/CAMEO.type.txt) and the
 * Phoenix agents dictionary's choices (PROTESTER → OPP, MOB → CVL). */
static const struct {
  const char *sector; /* matched as a prefix, case-insensitive */
  const char *type;
} SECTORS[] = {
    {"Police", "COP"},
    {"Military Intelligence", "SPY"},
    {"Intelligence Ministry", "SPY"},
    {"Military", "MIL"},
    {"Army", "MIL"},
    {"Navy", "MIL"},
    {"Air Force", "MIL"},
    {"Marines", "MIL"},
    {"Judicial", "JUD"},
    {"Justice / Law Ministry", "JUD"},
    {"Legislative / Parliamentary", "LEG"},
    {"Lower House", "LEG"},
    {"Upper House", "LEG"},
    {"Unicameral", "LEG"},
    {"Separatists", "SEP"},
    {"Insurgents", "INS"},
    {"International Insurgents", "INS"},
    {"Rebel", "REB"},
    {"Unidentified Forces", "UAF"},
    {"Organized Violent", "UAF"},
    {"Criminals / Gangs", "CRM"},
    {"Protestors / Popular Opposition / Mobs", "OPP"},
    {"Opposition Major Party", "OPP"},
    {"Dissident", "OPP"},
    {"Executive", "GOV"},
    {"Cabinet", "GOV"},
    {"Government", "GOV"},
    {"Foreign Ministry", "GOV"},
    {"Defense / Security Ministry", "GOV"},
    {"Interior / Home Ministry", "GOV"},
    {"Municipal", "GOV"},
    {"Provincial", "GOV"},
    {"Local", "GOV"},
    {"International Government Organization", "IGO"},
    {"Global Diplomatic IGOs", "IGO"},
    {"Regional Diplomatic IGOs", "IGO"},
    {"Human Rights NGOs", "NGO"},
    {"Nongovernmental Organization", "NGO"},
    {"Media", "MED"},
    {"News", "MED"},
    {"Print News", "MED"},
    {"Television News", "MED"},
    {"State Media", "MED"},
    {"Multinational Corporation", "MNC"},
    {"Business", "BUS"},
    {"Education", "EDU"},
    {"Medical / Health", "HLH"},
    {"Labor", "LAB"},
    {"Agricultural", "AGR"},
    {"Refugees / Displaced", "REF"},
    {"Radicals / Extremists / Fundamentalists", "RAD"},
    {"Elite", "ELI"},
    {"General Population / Civilian / Social", "CVL"},
};

const char *icews_sector_type(const char *sectors) {
  if (!sectors || !*sectors) return NULL;
  for (size_t k = 0; k < sizeof SECTORS / sizeof SECTORS[0]; k++) {
    size_t sl = strlen(SECTORS[k].sector);
    const char *p = sectors;
    for (;;) {
      const char *e = strchr(p, ',');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      if (n == sl && strncasecmp(p, SECTORS[k].sector, sl) == 0) return SECTORS[k].type;
      if (!e) break;
      p = e + 1;
    }
  }
  return NULL;
}

/* IGOs as GDELT codes them (GDELT codes the EU IGOEUREEC, country EUR). */
int igo_code(const char *name, const char **code, const char **country) {
  static const struct {
    const char *name, *code, *country;
  } t[] = {
      {"European Union", "IGOEUREEC", "EUR"},
      {"European Commission", "IGOEUREEC", "EUR"},
      {"United Nations", "IGOUNO", NULL},
      {"UN Security Council", "IGOUNO", NULL},
      {"United Nations Security Council", "IGOUNO", NULL},
      {"North Atlantic Treaty Organization", "IGOWSTNAT", NULL},
      {"NATO", "IGOWSTNAT", NULL},
      {"African Union", "IGOAFRAU", NULL},
      {"Association of Southeast Asian Nations", "IGOSEAASN", NULL},
      {"ASEAN", "IGOSEAASN", NULL},
      {"World Bank", "IGOWBK", NULL},
      {"International Monetary Fund", "IGOIMF", NULL},
      {"World Trade Organization", "IGOWTO", NULL},
      {"Arab League", "IGOARBARL", NULL},
      {"Organization of American States", "IGOWSTOAS", NULL},
  };
  if (!name) return 0;
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (!strcasecmp(name, t[i].name)) {
      *code = t[i].code;
      *country = t[i].country;
      return 1;
    }
  return 0;
}
