/* demo_vocab.h - bilingual vocabularies for the demo generator: technology
 * fields with their objects, methods, applications and industries; the
 * province's institutions and enterprise name parts. Data only. */
#ifndef TB_DEMO_VOCAB_H
#define TB_DEMO_VOCAB_H

struct term { const char *zh, *en; };

struct field_vocab {
	struct term name;          /* 新材料 / advanced materials */
	int weight;                /* share of the catalogue, relative */
	const struct term *objects;      /* what the technology is about */
	const struct term *methods;      /* how */
	const struct term *apps;         /* where it is used */
	const struct term *metrics;      /* what improves */
	struct term industry;      /* who buys it: "装备制造企业" / "equipment makers" */
};

extern const struct field_vocab demo_fields[]; /* terminated by name.zh == NULL */
extern const int demo_nfields;

extern const struct term demo_suffixes[];      /* 技术 / technology ... */
extern const struct term demo_pains[];         /* 能耗高 / high energy consumption */
extern const struct term demo_incumbents[];    /* 进口同类产品 / comparable imported products */
extern const struct term demo_needs[];         /* 国产化替代 / domestic substitution */

struct inst { const char *zh, *en, *city, *abbr; };
extern const struct inst demo_universities[];  /* NULL-terminated */
extern const struct inst demo_institutes[];    /* well-known ones, NULL-terminated */

extern const struct term demo_topics[];        /* institute topics: 材料 / Materials */
extern const int demo_topic_field[];           /* topic -> field index (-1 any) */
extern const struct term demo_brands[];        /* enterprise brand names */
extern const struct term demo_trades[];        /* 精密机械 / Precision Machinery */
extern const int demo_trade_field[];           /* trade -> field index */

extern const char *const demo_surnames_zh[], *const demo_surnames_py[];
extern const char *const demo_given_zh[];

/* Cities: Chinese name, relative weight, telephone area code, districts. */
struct city_info { const char *zh; int weight; const char *area; const char *const *districts; };
extern const struct city_info demo_cities[];

int demo_term_count(const struct term *t);

#endif
