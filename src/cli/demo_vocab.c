/* demo_vocab.c - the demo province's words, written for this project:
 * technology fields of a Liaoning-like industrial province (equipment,
 * materials, petrochemicals, shipbuilding, agriculture) in Chinese and
 * English, institution names and enterprise name parts. Real well-known
 * university and academy names are used as organisation names only. */
#include "cli/demo_vocab.h"
#include <stddef.h>

#define END { NULL, NULL }

static const struct term mat_obj[] = {
	{ "高强度镁合金板材", "high-strength magnesium alloy sheet" },
	{ "钛合金精密铸件", "titanium alloy precision castings" },
	{ "碳纤维复合材料", "carbon fibre composites" },
	{ "镍基高温合金", "nickel-based superalloys" },
	{ "石墨烯导热膜", "graphene thermal film" },
	{ "耐磨陶瓷涂层", "wear-resistant ceramic coatings" },
	{ "高纯氧化铝粉体", "high-purity alumina powder" },
	{ "硼钢热成形零件", "hot-formed boron steel parts" },
	{ "高性能稀土永磁体", "high-performance rare-earth permanent magnets" },
	{ "菱镁耐火材料", "magnesite refractories" },
	END };
static const struct term mat_meth[] = {
	{ "粉末冶金", "powder metallurgy" }, { "等离子喷涂", "plasma spraying" },
	{ "定向凝固", "directional solidification" }, { "原位合成", "in-situ synthesis" },
	{ "真空熔炼", "vacuum melting" }, { "异步轧制", "asymmetric rolling" },
	{ "增材制造", "additive manufacturing" }, { "表面纳米化", "surface nanocrystallisation" },
	END };
static const struct term mat_app[] = {
	{ "汽车轻量化", "vehicle lightweighting" }, { "航空发动机", "aero engines" },
	{ "轨道交通", "rail transit" }, { "电子封装", "electronics packaging" },
	{ "冶金炉窑", "metallurgical furnaces" }, END };
static const struct term mat_met[] = {
	{ "抗拉强度", "tensile strength" }, { "耐腐蚀性能", "corrosion resistance" },
	{ "使用寿命", "service life" }, { "成品率", "yield" }, END };

static const struct term mfg_obj[] = {
	{ "数控机床主轴", "CNC machine tool spindles" },
	{ "工业机器人减速器", "industrial robot reducers" },
	{ "机器视觉检测系统", "machine vision inspection systems" },
	{ "数字孪生平台", "digital twin platforms" },
	{ "柔性装配生产线", "flexible assembly lines" },
	{ "焊接机器人", "welding robots" },
	{ "设备预测性维护系统", "predictive maintenance systems" },
	{ "五轴联动加工中心", "five-axis machining centres" },
	{ "智能物流分拣系统", "intelligent logistics sorting systems" },
	END };
static const struct term mfg_meth[] = {
	{ "深度学习", "deep learning" }, { "多传感器融合", "multi-sensor fusion" },
	{ "热误差补偿", "thermal error compensation" }, { "边缘计算", "edge computing" },
	{ "自适应控制", "adaptive control" }, { "激光跟踪测量", "laser tracker metrology" },
	END };
static const struct term mfg_app[] = {
	{ "汽车零部件加工", "automotive parts machining" }, { "船舶制造", "shipbuilding" },
	{ "重型装备制造", "heavy equipment manufacturing" }, { "航空结构件加工", "aerospace structure machining" },
	{ "离散制造车间", "discrete manufacturing workshops" }, END };
static const struct term mfg_met[] = {
	{ "加工精度", "machining accuracy" }, { "生产效率", "productivity" },
	{ "设备综合效率", "overall equipment effectiveness" }, { "检测准确率", "inspection accuracy" }, END };

static const struct term bio_obj[] = {
	{ "单克隆抗体药物", "monoclonal antibody drugs" },
	{ "靶向给药纳米载体", "targeted nanocarrier drug delivery" },
	{ "中药有效成分提取", "extraction of active TCM ingredients" },
	{ "体外诊断试剂盒", "in-vitro diagnostic kits" },
	{ "医用可降解支架", "biodegradable medical stents" },
	{ "重组蛋白疫苗", "recombinant protein vaccines" },
	{ "医学影像辅助诊断", "medical imaging-aided diagnosis" },
	{ "人参皂苷制剂", "ginsenoside formulations" },
	END };
static const struct term bio_meth[] = {
	{ "基因工程", "genetic engineering" }, { "微流控", "microfluidics" },
	{ "超临界萃取", "supercritical extraction" }, { "高通量筛选", "high-throughput screening" },
	{ "人工智能", "artificial intelligence" }, { "细胞培养", "cell culture" }, END };
static const struct term bio_app[] = {
	{ "肿瘤治疗", "cancer therapy" }, { "慢病管理", "chronic disease management" },
	{ "基层医疗", "primary care" }, { "动物疫病防控", "animal disease control" }, END };
static const struct term bio_met[] = {
	{ "检测灵敏度", "detection sensitivity" }, { "生物利用度", "bioavailability" },
	{ "提取率", "extraction yield" }, { "诊断准确率", "diagnostic accuracy" }, END };

static const struct term ene_obj[] = {
	{ "全钒液流电池", "vanadium redox flow batteries" },
	{ "海上风电变桨系统", "offshore wind pitch systems" },
	{ "氢燃料电池电堆", "hydrogen fuel cell stacks" },
	{ "钙钛矿光伏组件", "perovskite photovoltaic modules" },
	{ "锂离子电池正极材料", "lithium-ion battery cathode materials" },
	{ "储能变流器", "energy storage converters" },
	{ "电解水制氢装置", "water electrolysis hydrogen units" },
	{ "核电站关键阀门", "nuclear power plant valves" },
	END };
static const struct term ene_meth[] = {
	{ "固态电解质", "solid-state electrolytes" }, { "质子交换膜", "proton exchange membranes" },
	{ "智能功率调度", "intelligent power dispatch" }, { "界面钝化", "interface passivation" },
	{ "碱性电解", "alkaline electrolysis" }, { "数字化仿真", "digital simulation" }, END };
static const struct term ene_app[] = {
	{ "电网调峰", "grid peak shaving" }, { "海上风电场", "offshore wind farms" },
	{ "新能源汽车", "new energy vehicles" }, { "分布式光伏", "distributed photovoltaics" }, END };
static const struct term ene_met[] = {
	{ "能量转换效率", "energy conversion efficiency" }, { "循环寿命", "cycle life" },
	{ "功率密度", "power density" }, { "度电成本", "levelised cost of energy" }, END };

static const struct term ict_obj[] = {
	{ "工业互联网网关", "industrial internet gateways" },
	{ "集成电路封装测试", "integrated circuit packaging and test" },
	{ "5G小基站", "5G small cells" },
	{ "高精度北斗定位终端", "high-precision BeiDou positioning terminals" },
	{ "智能传感器芯片", "smart sensor chips" },
	{ "工业设计仿真软件", "industrial design and simulation software" },
	{ "数据安全平台", "data security platforms" },
	{ "光纤传感监测系统", "fibre-optic sensing monitoring systems" },
	END };
static const struct term ict_meth[] = {
	{ "低功耗设计", "low-power design" }, { "联邦学习", "federated learning" },
	{ "区块链", "blockchain" }, { "毫米波", "millimetre-wave" },
	{ "知识图谱", "knowledge graphs" }, { "大语言模型", "large language models" }, END };
static const struct term ict_app[] = {
	{ "智慧工厂", "smart factories" }, { "智慧港口", "smart ports" },
	{ "城市治理", "urban governance" }, { "能源监测", "energy monitoring" }, END };
static const struct term ict_met[] = {
	{ "传输速率", "data rate" }, { "定位精度", "positioning accuracy" },
	{ "响应时间", "response time" }, { "系统可靠性", "system reliability" }, END };

static const struct term env_obj[] = {
	{ "工业废水处理", "industrial wastewater treatment" },
	{ "烟气脱硫脱硝", "flue gas desulphurisation and denitrification" },
	{ "固废资源化利用", "solid waste recycling" },
	{ "余热回收系统", "waste heat recovery systems" },
	{ "污染土壤修复", "contaminated soil remediation" },
	{ "高效节能电机", "high-efficiency motors" },
	{ "尾矿综合利用", "tailings utilisation" },
	END };
static const struct term env_meth[] = {
	{ "膜分离", "membrane separation" }, { "催化氧化", "catalytic oxidation" },
	{ "厌氧发酵", "anaerobic digestion" }, { "低温等离子", "non-thermal plasma" },
	{ "微生物修复", "microbial remediation" }, END };
static const struct term env_app[] = {
	{ "钢铁行业", "the steel industry" }, { "石化园区", "petrochemical parks" },
	{ "燃煤电厂", "coal-fired power plants" }, { "矿山治理", "mine rehabilitation" }, END };
static const struct term env_met[] = {
	{ "污染物去除率", "pollutant removal rate" }, { "能源利用率", "energy utilisation" },
	{ "资源回收率", "resource recovery rate" }, { "运行成本", "operating cost savings" }, END };

static const struct term agr_obj[] = {
	{ "水稻耐盐碱品种", "salt-tolerant rice varieties" },
	{ "设施蔬菜智能温室", "smart vegetable greenhouses" },
	{ "海参健康养殖", "healthy sea cucumber farming" },
	{ "玉米秸秆还田", "maize straw return" },
	{ "果品冷链保鲜", "fruit cold-chain preservation" },
	{ "生物有机肥", "bio-organic fertiliser" },
	{ "农机自动驾驶", "autonomous farm machinery" },
	{ "南果梨深加工", "Nanguo pear processing" },
	END };
static const struct term agr_meth[] = {
	{ "分子标记育种", "marker-assisted breeding" }, { "物联网", "internet of things" },
	{ "微生物发酵", "microbial fermentation" }, { "气调保鲜", "controlled-atmosphere storage" },
	{ "北斗导航", "BeiDou navigation" }, END };
static const struct term agr_app[] = {
	{ "盐碱地改良", "saline soil improvement" }, { "辽西北旱作农业", "dryland farming in north-west Liaoning" },
	{ "海洋牧场", "marine ranching" }, { "农产品加工", "agricultural product processing" }, END };
static const struct term agr_met[] = {
	{ "亩产", "yield per mu" }, { "成活率", "survival rate" },
	{ "保鲜期", "shelf life" }, { "作业效率", "field efficiency" }, END };

static const struct term chem_obj[] = {
	{ "高端聚烯烃", "high-end polyolefins" },
	{ "精细化学品", "fine chemicals" },
	{ "催化裂化催化剂", "fluid catalytic cracking catalysts" },
	{ "聚氨酯材料", "polyurethane materials" },
	{ "电子级化学品", "electronic-grade chemicals" },
	{ "生物可降解塑料", "biodegradable plastics" },
	{ "甲醇制烯烃工艺", "methanol-to-olefins processes" },
	END };
static const struct term chem_meth[] = {
	{ "连续流反应", "continuous-flow reaction" }, { "分子筛催化", "zeolite catalysis" },
	{ "过程强化", "process intensification" }, { "绿色溶剂", "green solvents" },
	{ "反应精馏", "reactive distillation" }, END };
static const struct term chem_app[] = {
	{ "炼化一体化", "integrated refining and petrochemicals" }, { "涂料行业", "the coatings industry" },
	{ "动力电池", "traction batteries" }, { "包装材料", "packaging materials" }, END };
static const struct term chem_met[] = {
	{ "选择性", "selectivity" }, { "转化率", "conversion rate" },
	{ "产品纯度", "product purity" }, { "催化剂寿命", "catalyst lifetime" }, END };

static const struct term sea_obj[] = {
	{ "船用低速柴油机", "marine low-speed diesel engines" },
	{ "LNG船液货围护系统", "LNG carrier cargo containment systems" },
	{ "海洋平台防腐", "offshore platform corrosion protection" },
	{ "水下机器人", "underwater robots" },
	{ "船体分段智能焊接", "intelligent hull block welding" },
	{ "港口起重机远程控制", "remote control of port cranes" },
	END };
static const struct term sea_meth[] = {
	{ "数值仿真", "numerical simulation" }, { "阴极保护", "cathodic protection" },
	{ "声学探测", "acoustic sensing" }, { "轻量化设计", "lightweight design" }, END };
static const struct term sea_app[] = {
	{ "远洋运输", "ocean shipping" }, { "海上油气开发", "offshore oil and gas" },
	{ "港口作业", "port operations" }, END };
static const struct term sea_met[] = {
	{ "燃油经济性", "fuel economy" }, { "防腐年限", "corrosion protection life" },
	{ "作业效率", "operating efficiency" }, END };

static const struct term aero_obj[] = {
	{ "航空发动机叶片", "aero-engine blades" },
	{ "无人机飞行控制系统", "UAV flight control systems" },
	{ "复合材料机翼壁板", "composite wing panels" },
	{ "机载电子设备", "airborne electronic equipment" },
	{ "航空紧固件", "aerospace fasteners" },
	END };
static const struct term aero_meth[] = {
	{ "精密锻造", "precision forging" }, { "自动铺丝", "automated fibre placement" },
	{ "容错控制", "fault-tolerant control" }, { "疲劳寿命预测", "fatigue life prediction" }, END };
static const struct term aero_app[] = {
	{ "民用航空", "civil aviation" }, { "通用航空", "general aviation" },
	{ "应急救援", "emergency rescue" }, END };
static const struct term aero_met[] = {
	{ "疲劳寿命", "fatigue life" }, { "减重比例", "weight reduction" },
	{ "控制精度", "control accuracy" }, END };

const struct field_vocab demo_fields[] = {
	{ { "智能制造", "intelligent manufacturing" }, 18, mfg_obj, mfg_meth, mfg_app, mfg_met,
	  { "装备制造企业", "equipment manufacturers" } },
	{ { "新材料", "advanced materials" }, 16, mat_obj, mat_meth, mat_app, mat_met,
	  { "材料加工企业", "materials processors" } },
	{ { "生物医药", "biomedicine" }, 11, bio_obj, bio_meth, bio_app, bio_met,
	  { "医药企业", "pharmaceutical companies" } },
	{ { "新能源", "new energy" }, 11, ene_obj, ene_meth, ene_app, ene_met,
	  { "能源企业", "energy companies" } },
	{ { "电子信息", "electronic information" }, 12, ict_obj, ict_meth, ict_app, ict_met,
	  { "信息技术企业", "IT companies" } },
	{ { "节能环保", "energy saving and environmental protection" }, 9, env_obj, env_meth, env_app, env_met,
	  { "环保企业", "environmental service companies" } },
	{ { "现代农业", "modern agriculture" }, 8, agr_obj, agr_meth, agr_app, agr_met,
	  { "农业企业", "agribusinesses" } },
	{ { "化工", "chemical engineering" }, 8, chem_obj, chem_meth, chem_app, chem_met,
	  { "化工企业", "chemical companies" } },
	{ { "海洋工程", "marine engineering" }, 4, sea_obj, sea_meth, sea_app, sea_met,
	  { "船舶与海工企业", "shipbuilders and offshore firms" } },
	{ { "航空航天", "aerospace" }, 3, aero_obj, aero_meth, aero_app, aero_met,
	  { "航空企业", "aviation companies" } },
	{ END, 0, NULL, NULL, NULL, NULL, END },
};
const int demo_nfields = 10;

const struct term demo_suffixes[] = {
	{ "技术", "technology" }, { "制备技术", "preparation technology" }, { "关键技术", "key technology" },
	{ "工艺", "process" }, { "系统", "system" }, { "装置", "device" }, { "方法", "method" },
	{ "成套技术", "integrated technology" }, END };

const struct term demo_pains[] = {
	{ "效率低", "low efficiency" }, { "能耗高", "high energy consumption" },
	{ "精度不足", "insufficient precision" }, { "寿命短", "short service life" },
	{ "核心部件依赖进口", "dependence on imported core components" }, { "成本偏高", "high cost" },
	{ "污染排放大", "heavy emissions" }, { "质量一致性差", "inconsistent quality" }, END };

const struct term demo_incumbents[] = {
	{ "进口同类产品", "comparable imported products" }, { "传统工艺", "conventional processes" },
	{ "现有主流方案", "the prevailing solution" }, { "国内同类技术", "comparable domestic technology" }, END };

const struct term demo_needs[] = {
	{ "性能提升", "performance improvement" }, { "国产化替代", "domestic substitution" },
	{ "工艺优化", "process optimisation" }, { "智能化改造", "intelligent retrofit" },
	{ "降本增效", "cost reduction" }, { "质量检测", "quality inspection" },
	{ "绿色低碳改造", "low-carbon upgrading" }, END };

const struct inst demo_universities[] = {
	{ "东北大学", "Northeastern University", "沈阳", "neu" },
	{ "大连理工大学", "Dalian University of Technology", "大连", "dlut" },
	{ "辽宁大学", "Liaoning University", "沈阳", "lnu" },
	{ "大连海事大学", "Dalian Maritime University", "大连", "dlmu" },
	{ "中国医科大学", "China Medical University", "沈阳", "cmu" },
	{ "沈阳药科大学", "Shenyang Pharmaceutical University", "沈阳", "syphu" },
	{ "沈阳工业大学", "Shenyang University of Technology", "沈阳", "sut" },
	{ "沈阳航空航天大学", "Shenyang Aerospace University", "沈阳", "sau" },
	{ "沈阳建筑大学", "Shenyang Jianzhu University", "沈阳", "sjzu" },
	{ "沈阳农业大学", "Shenyang Agricultural University", "沈阳", "syau" },
	{ "沈阳化工大学", "Shenyang University of Chemical Technology", "沈阳", "syuct" },
	{ "沈阳理工大学", "Shenyang Ligong University", "沈阳", "sylu" },
	{ "沈阳工程技术大学", "Shenyang University of Engineering Technology", "沈阳", "suet" },
	{ "辽宁中医药大学", "Liaoning University of Traditional Chinese Medicine", "沈阳", "lnutcm" },
	{ "沈阳师范大学", "Shenyang Normal University", "沈阳", "synu" },
	{ "沈阳大学", "Shenyang University", "沈阳", "syu" },
	{ "沈阳工程学院", "Shenyang Institute of Engineering", "沈阳", "sie" },
	{ "大连医科大学", "Dalian Medical University", "大连", "dmu" },
	{ "大连交通大学", "Dalian Jiaotong University", "大连", "djtu" },
	{ "大连工业大学", "Dalian Polytechnic University", "大连", "dlpu" },
	{ "大连海洋大学", "Dalian Ocean University", "大连", "dlou" },
	{ "辽宁师范大学", "Liaoning Normal University", "大连", "lnnu" },
	{ "大连大学", "Dalian University", "大连", "dlu" },
	{ "大连民族大学", "Dalian Minzu University", "大连", "dlnu" },
	{ "大连船舶工程学院", "Dalian Institute of Naval Engineering", "大连", "dine" },
	{ "辽宁科技大学", "University of Science and Technology Liaoning", "鞍山", "ustl" },
	{ "鞍山钢铁工程学院", "Anshan Institute of Iron and Steel Engineering", "鞍山", "aise" },
	{ "辽宁石油化工大学", "Liaoning Petrochemical University", "抚顺", "lnpu" },
	{ "辽宁科技学院", "Liaoning Institute of Science and Technology", "本溪", "list" },
	{ "辽东学院", "Eastern Liaoning University", "丹东", "elnu" },
	{ "渤海大学", "Bohai University", "锦州", "bhu" },
	{ "辽宁工业大学", "Liaoning University of Technology", "锦州", "lnut" },
	{ "锦州医科大学", "Jinzhou Medical University", "锦州", "jzmu" },
	{ "营口理工学院", "Yingkou Institute of Technology", "营口", "yit" },
	{ "辽宁工程技术大学", "Liaoning Technical University", "阜新", "lntu" },
	{ "辽阳化纤工程学院", "Liaoyang Institute of Chemical Fibre Engineering", "辽阳", "lcfe" },
	{ "盘锦石油工程学院", "Panjin Institute of Petroleum Engineering", "盘锦", "pipe" },
	{ "铁岭农业工程学院", "Tieling Institute of Agricultural Engineering", "铁岭", "tiae" },
	{ "朝阳工程技术学院", "Chaoyang Institute of Engineering Technology", "朝阳", "ciet" },
	{ "葫芦岛船舶职业技术学院", "Huludao Marine Vocational and Technical College", "葫芦岛", "hmvc" },
	{ NULL, NULL, NULL, NULL },
};

const struct inst demo_institutes[] = {
	{ "中国科学院金属研究所", "Institute of Metal Research, CAS", "沈阳", "imr" },
	{ "中国科学院大连化学物理研究所", "Dalian Institute of Chemical Physics, CAS", "大连", "dicp" },
	{ "中国科学院沈阳自动化研究所", "Shenyang Institute of Automation, CAS", "沈阳", "sia" },
	{ "中国科学院沈阳应用生态研究所", "Institute of Applied Ecology, CAS", "沈阳", "iae" },
	{ "辽宁省农业科学院", "Liaoning Academy of Agricultural Sciences", "沈阳", "laas" },
	{ "辽宁省科学院", "Liaoning Academy of Sciences", "沈阳", "las" },
	{ "辽宁省海洋水产科学研究院", "Liaoning Ocean and Fisheries Science Research Institute", "大连", "lofsri" },
	{ "辽宁省林业科学研究院", "Liaoning Academy of Forestry Sciences", "沈阳", "lafs" },
	{ NULL, NULL, NULL, NULL },
};

const struct term demo_topics[] = {
	{ "材料", "Materials" }, { "智能装备", "Intelligent Equipment" }, { "生物医药", "Biomedicine" },
	{ "新能源", "New Energy" }, { "信息技术", "Information Technology" },
	{ "环境科学", "Environmental Sciences" }, { "农业科学", "Agricultural Sciences" },
	{ "化工", "Chemical Engineering" }, { "海洋工程", "Ocean Engineering" },
	{ "航空", "Aeronautics" }, { "冶金", "Metallurgy" }, { "机械", "Mechanical Engineering" },
	{ "光电", "Optoelectronics" }, { "精密仪器", "Precision Instruments" }, { "水产", "Fisheries" },
	{ "矿业", "Mining" }, { "电力", "Electric Power" }, { "食品", "Food Science" },
	{ "轻工", "Light Industry" }, { "工业自动化", "Industrial Automation" }, END };
const int demo_topic_field[] = { 1, 0, 2, 3, 4, 5, 6, 7, 8, 9, 1, 0, 4, 0, 6, 5, 3, 6, 7, 0 };

const struct term demo_brands[] = {
	{ "华信", "Huaxin" }, { "恒泰", "Hengtai" }, { "远航", "Yuanhang" }, { "北方", "Beifang" },
	{ "金桥", "Jinqiao" }, { "鑫源", "Xinyuan" }, { "东方", "Dongfang" }, { "中瑞", "Zhongrui" },
	{ "博远", "Boyuan" }, { "天成", "Tiancheng" }, { "宏达", "Hongda" }, { "盛世", "Shengshi" },
	{ "海通", "Haitong" }, { "瑞丰", "Ruifeng" }, { "科宇", "Keyu" }, { "德润", "Derun" },
	{ "凯航", "Kaihang" }, { "永安", "Yong'an" }, { "拓维", "Tuowei" }, { "兴华", "Xinghua" },
	{ "辽河", "Liaohe" }, { "渤海", "Bohai" }, { "长兴", "Changxing" }, { "华锐", "Huarui" },
	{ "晟达", "Shengda" }, { "奥维", "Aowei" }, { "精诚", "Jingcheng" }, { "同创", "Tongchuang" },
	{ "启明", "Qiming" }, { "锐新", "Ruixin" }, { "恒通", "Hengtong" }, { "众合", "Zhonghe" },
	{ "泰和", "Taihe" }, { "嘉禾", "Jiahe" }, { "昊天", "Haotian" }, { "智诚", "Zhicheng" },
	{ "金石", "Jinshi" }, { "云帆", "Yunfan" }, { "银河", "Yinhe" }, { "新锐", "Xinrui" },
	{ "瀚海", "Hanhai" }, { "辽沈", "Liaoshen" }, { "鼎新", "Dingxin" }, { "聚能", "Juneng" },
	END };

const struct term demo_trades[] = {
	{ "精密机械", "Precision Machinery" }, { "新材料科技", "New Materials Technology" },
	{ "生物制药", "Biopharmaceutical" }, { "新能源科技", "New Energy Technology" },
	{ "电子科技", "Electronics Technology" }, { "环保工程", "Environmental Engineering" },
	{ "农业科技", "Agricultural Technology" }, { "化工", "Chemical" },
	{ "船舶重工", "Marine Heavy Industry" }, { "航空装备", "Aviation Equipment" },
	{ "智能装备", "Intelligent Equipment" }, { "软件", "Software" },
	{ "医疗器械", "Medical Devices" }, { "光电技术", "Optoelectronic Technology" },
	{ "重型机械", "Heavy Machinery" }, { "石化", "Petrochemical" }, { "冶金", "Metallurgy" },
	{ "汽车零部件", "Auto Parts" }, { "食品", "Foods" }, { "仪器仪表", "Instruments" }, END };
const int demo_trade_field[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 4, 2, 4, 0, 7, 1, 0, 6, 0 };

const char *const demo_surnames_zh[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                         "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
                                         "于", "宋", "谭", "韩", NULL };
const char *const demo_surnames_py[] = { "wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang",
                                         "zhou", "wu", "xu", "sun", "ma", "zhu", "hu", "guo", "he",
                                         "gao", "lin", "luo", "yu", "song", "tan", "han", NULL };
const char *const demo_given_zh[] = { "伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "勇", "军",
                                      "杰", "涛", "明", "超", "霞", "平", "刚", "桂英", "建华",
                                      "志强", "晓东", "海峰", "丽娟", "文博", "雪松", "立新", NULL };

static const char *const sy_d[] = { "和平区", "沈河区", "浑南区", "铁西区", "皇姑区", "大东区", "于洪区", NULL };
static const char *const dl_d[] = { "中山区", "沙河口区", "甘井子区", "高新园区", "金州区", "旅顺口区", NULL };
static const char *const none_d[] = { "高新区", "经济技术开发区", NULL };

const struct city_info demo_cities[] = {
	{ "沈阳", 30, "024", sy_d }, { "大连", 28, "0411", dl_d }, { "鞍山", 6, "0412", none_d },
	{ "抚顺", 4, "024", none_d }, { "本溪", 3, "0414", none_d }, { "丹东", 4, "0415", none_d },
	{ "锦州", 5, "0416", none_d }, { "营口", 5, "0417", none_d }, { "阜新", 2, "0418", none_d },
	{ "辽阳", 3, "0419", none_d }, { "盘锦", 4, "0427", none_d }, { "铁岭", 2, "024", none_d },
	{ "朝阳", 2, "0421", none_d }, { "葫芦岛", 2, "0429", none_d }, { NULL, 0, NULL, NULL },
};

int demo_term_count(const struct term *t)
{
	int n = 0;
	while (t[n].zh)
		n++;
	return n;
}
