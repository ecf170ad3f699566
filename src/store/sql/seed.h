/* seed.h - data rows that a migration writes on both engines: plain
 * INSERTs are the same SQL on SQLite and PostgreSQL, so they are written once
 * here and concatenated into the migration of each driver
 * (src/store/sqlite/migrations.c and src/store/pg/migrations.c, same version
 * number). A migration's effect stays identical on both engines. */
#ifndef TB_SQ_SEED_H
#define TB_SQ_SEED_H

/* v11: the tier rules as data (migration 11, "tiers and platforms"): one
 * tier_rules row per tier with its criteria (AND within a group, OR across
 * groups) and score bands. The rows name their ids; PostgreSQL moves the
 * identity on after them in its migration. */
#define SQ_SEED_TIER_RULES \
	"INSERT INTO tier_rules VALUES(1,'tech_sme','100000',1,'2022-01-01',NULL,'科技型中小企业评价办法 (国科发政〔2022〕67号)','2026-12-01T00:00:00Z');" \
	"INSERT INTO tier_criteria VALUES(1,0,0,'staff','<=',500);" \
	"INSERT INTO tier_criteria VALUES(1,1,0,'revenue','<=',200000000);" \
	"INSERT INTO tier_criteria VALUES(1,2,0,'assets','<=',200000000);" \
	"INSERT INTO tier_criteria VALUES(1,3,0,'score','>=',60);" \
	"INSERT INTO tier_criteria VALUES(1,4,0,'score_st_staff','>',0);" \
	"INSERT INTO tier_bands VALUES(1,0,'st_staff','st_staff_share',30,20);" \
	"INSERT INTO tier_bands VALUES(1,1,'st_staff','st_staff_share',25,16);" \
	"INSERT INTO tier_bands VALUES(1,2,'st_staff','st_staff_share',20,12);" \
	"INSERT INTO tier_bands VALUES(1,3,'st_staff','st_staff_share',15,8);" \
	"INSERT INTO tier_bands VALUES(1,4,'st_staff','st_staff_share',10,4);" \
	"INSERT INTO tier_bands VALUES(1,5,'rd','rd_intensity',6,50);" \
	"INSERT INTO tier_bands VALUES(1,6,'rd','rd_intensity',5,40);" \
	"INSERT INTO tier_bands VALUES(1,7,'rd','rd_intensity',4,30);" \
	"INSERT INTO tier_bands VALUES(1,8,'rd','rd_intensity',3,20);" \
	"INSERT INTO tier_bands VALUES(1,9,'rd','rd_intensity',2,10);" \
	"INSERT INTO tier_bands VALUES(1,10,'rd','rd_cost_share',30,50);" \
	"INSERT INTO tier_bands VALUES(1,11,'rd','rd_cost_share',25,40);" \
	"INSERT INTO tier_bands VALUES(1,12,'rd','rd_cost_share',20,30);" \
	"INSERT INTO tier_bands VALUES(1,13,'rd','rd_cost_share',15,20);" \
	"INSERT INTO tier_bands VALUES(1,14,'rd','rd_cost_share',10,10);" \
	"INSERT INTO tier_bands VALUES(1,15,'ip','ip_class1',1,30);" \
	"INSERT INTO tier_bands VALUES(1,16,'ip','ip_class2',4,24);" \
	"INSERT INTO tier_bands VALUES(1,17,'ip','ip_class2',3,18);" \
	"INSERT INTO tier_bands VALUES(1,18,'ip','ip_class2',2,12);" \
	"INSERT INTO tier_bands VALUES(1,19,'ip','ip_class2',1,6);" \
	"INSERT INTO tier_rules VALUES(2,'high_tech','100000',1,'2016-01-01',NULL,'高新技术企业认定管理办法 (国科发火〔2016〕32号)','2026-12-01T00:00:00Z');" \
	"INSERT INTO tier_criteria VALUES(2,0,0,'age','>=',1);" \
	"INSERT INTO tier_criteria VALUES(2,1,0,'ip_total','>=',1);" \
	"INSERT INTO tier_criteria VALUES(2,2,0,'st_staff_share','>=',10);" \
	"INSERT INTO tier_criteria VALUES(2,3,0,'rd_china_share','>=',60);" \
	"INSERT INTO tier_criteria VALUES(2,4,0,'hightech_rev_share','>=',60);" \
	"INSERT INTO tier_criteria VALUES(2,5,1,'revenue','<=',50000000);" \
	"INSERT INTO tier_criteria VALUES(2,6,1,'rd_intensity_3y','>=',5);" \
	"INSERT INTO tier_criteria VALUES(2,7,2,'revenue','>',50000000);" \
	"INSERT INTO tier_criteria VALUES(2,8,2,'revenue','<=',200000000);" \
	"INSERT INTO tier_criteria VALUES(2,9,2,'rd_intensity_3y','>=',4);" \
	"INSERT INTO tier_criteria VALUES(2,10,3,'revenue','>',200000000);" \
	"INSERT INTO tier_criteria VALUES(2,11,3,'rd_intensity_3y','>=',3);" \
	"INSERT INTO tier_rules VALUES(3,'gazelle','210000',1,'2020-01-01',NULL,'辽宁省瞪羚企业评价 (Liaoning thresholds)','2026-12-01T00:00:00Z');" \
	"INSERT INTO tier_criteria VALUES(3,0,0,'rd_intensity_4y','>=',2.5);" \
	"INSERT INTO tier_criteria VALUES(3,1,1,'age','<=',5);" \
	"INSERT INTO tier_criteria VALUES(3,2,1,'revenue','>=',500000000);" \
	"INSERT INTO tier_criteria VALUES(3,3,2,'age','<=',10);" \
	"INSERT INTO tier_criteria VALUES(3,4,2,'revenue','>=',1000000000);" \
	"INSERT INTO tier_criteria VALUES(3,5,3,'age','<=',20);" \
	"INSERT INTO tier_criteria VALUES(3,6,3,'revenue_cagr3','>=',20);" \
	"INSERT INTO tier_criteria VALUES(3,7,3,'revenue_base3','>',10000000);" \
	"INSERT INTO tier_criteria VALUES(3,8,4,'age','<=',20);" \
	"INSERT INTO tier_criteria VALUES(3,9,4,'staff_cagr3','>=',30);" \
	"INSERT INTO tier_criteria VALUES(3,10,4,'staff_base3','>',100);" \
	"INSERT INTO tier_criteria VALUES(3,11,5,'age','<=',20);" \
	"INSERT INTO tier_criteria VALUES(3,12,5,'vc_round','>=',10000000);" \
	"INSERT INTO tier_rules VALUES(4,'little_giant','100000',1,'2022-06-01',NULL,'优质中小企业梯度培育管理暂行办法 (工信部企业〔2022〕63号)','2026-12-01T00:00:00Z');" \
	"INSERT INTO tier_criteria VALUES(4,0,0,'age','>=',3);" \
	"INSERT INTO tier_criteria VALUES(4,1,0,'main_business_share','>=',70);" \
	"INSERT INTO tier_criteria VALUES(4,2,0,'revenue_cagr3','>=',5);" \
	"INSERT INTO tier_criteria VALUES(4,3,0,'debt_ratio','<=',70);" \
	"INSERT INTO tier_criteria VALUES(4,4,0,'niche_share','>=',10);" \
	"INSERT INTO tier_criteria VALUES(4,5,0,'rd_institution','>=',1);" \
	"INSERT INTO tier_criteria VALUES(4,6,0,'ip_class1','>=',2);" \
	"INSERT INTO tier_criteria VALUES(4,7,1,'revenue','>',100000000);" \
	"INSERT INTO tier_criteria VALUES(4,8,1,'rd_intensity','>=',3);" \
	"INSERT INTO tier_criteria VALUES(4,9,2,'revenue','>=',50000000);" \
	"INSERT INTO tier_criteria VALUES(4,10,2,'revenue','<=',100000000);" \
	"INSERT INTO tier_criteria VALUES(4,11,2,'rd_intensity','>=',6);" \
	"INSERT INTO tier_rules VALUES(5,'potential_unicorn','100000',1,'2016-01-01',NULL,'中国独角兽企业研究报告 (potential unicorn)','2026-12-01T00:00:00Z');" \
	"INSERT INTO tier_criteria VALUES(5,0,0,'listed','=',0);" \
	"INSERT INTO tier_criteria VALUES(5,1,1,'age','<',5);" \
	"INSERT INTO tier_criteria VALUES(5,2,1,'valuation_usd','>=',50000000);" \
	"INSERT INTO tier_criteria VALUES(5,3,2,'age','>=',5);" \
	"INSERT INTO tier_criteria VALUES(5,4,2,'age','<=',9);" \
	"INSERT INTO tier_criteria VALUES(5,5,2,'valuation_usd','>=',100000000);" \
	"INSERT INTO tier_criteria VALUES(5,6,2,'valuation_usd','<',1000000000);" \
	"INSERT INTO tier_rules VALUES(6,'unicorn','100000',1,'2016-01-01',NULL,'中国独角兽企业研究报告 (unicorn)','2026-12-01T00:00:00Z');" \
	"INSERT INTO tier_criteria VALUES(6,0,0,'age','<=',10);" \
	"INSERT INTO tier_criteria VALUES(6,1,0,'listed','=',0);" \
	"INSERT INTO tier_criteria VALUES(6,2,0,'valuation_usd','>',1000000000);"

#endif
