"""The message catalogue: every word the charts, the exported files and the slide decks show,
in English and Chinese, in one place.

Chinese follows the training material's own terms: 客户 (never 顾客), 投诉 for a formal
complaint to the firm, 抱怨 for a grievance voiced or told to others, 服务失误, 服务补救,
客户期望值, 口碑. A key's two texts carry the same ``{placeholders}``.

>>> from recovery.plots._catalog import text
>>> text("wom.bad_service")
'Bad service'
"""
from __future__ import annotations

from recovery.plots._style import get_language

#: key -> (English, Chinese).
MESSAGES: dict[str, tuple[str, str]] = {
    # ---- shared words
    "week": ("week", "周"),
    "people": ("{n} people", "{n} 人"),
    "interval95": ("95% interval", "95% 区间"),
    "source": ("Source: {text}", "来源：{text}"),
    "off_scale": ("{value} (off the scale)", "{value}（超出刻度）"),
    # ---- the complaint iceberg (seed 004)
    "iceberg.title": ("The complaint iceberg: {n} dissatisfied customers",
                      "投诉冰山：{n} 位不满意的客户"),
    "iceberg.voice": ("{n} complain to you:\nthe firm hears them", "{n} 人向你抱怨：\n企业听得到"),
    "iceberg.silent": ("{n} do not complain to you:\nthe firm never hears them",
                       "{n} 人不向你抱怨：\n企业听不到"),
    "iceberg.waterline": ("waterline: what the firm sees", "水面：企业能看到的"),
    # ---- word of mouth counts (seed 002)
    "wom.title": ("Word of mouth: bad news travels further", "口碑：坏事传千里"),
    "wom.good_service": ("Good service", "好的服务"),
    "wom.bad_service": ("Bad service", "差的服务"),
    "wom.people_told": ("people the customer tells", "客户告诉的人数"),
    # ---- the economics (seeds 003, 004)
    "econ.title": ("Why complaints are worth handling", "为什么值得处理投诉"),
    "econ.people_panel": ("People", "人数"),
    "econ.cost_panel": ("Cost multiples (log scale)", "成本倍数（对数刻度）"),
    "econ.leverage": ("silent customers behind each complaint", "每个投诉背后沉默的客户"),
    "econ.diffusion": ("satisfied customers to balance one lost", "抵消一个流失客户所需的满意客户"),
    "econ.girard": ("people each customer reaches (Girard)", "每位客户影响的人数（吉拉德）"),
    "econ.acquisition": ("winning a customer vs keeping one", "赢得新客户与留住老客户的成本比"),
    "econ.prevention": ("1-10-100: prevention", "1-10-100：预防"),
    "econ.correction": ("1-10-100: correction", "1-10-100：纠正"),
    "econ.failure": ("1-10-100: failure reaching the customer", "1-10-100：失误到达客户"),
    # ---- survey first look
    "corr.title": ("How the constructs move together", "各构念之间的相关"),
    "corr.bar": ("correlation", "相关系数"),
    # ---- the recovery paradox
    "group.no_failure": ("No failure", "没有失误"),
    "group.recovered_well": ("Failure, recovered well", "失误后补救得好"),
    "group.recovered_badly": ("Failure, recovered badly", "失误后补救不力"),
    "group.silent_exit": ("Failure, no complaint", "失误后不抱怨"),
    "paradox.failure_week": ("the failure (week {week})", "服务失误（第 {week} 周）"),
    "paradox.paths_title": ("After the failure: who ends up more satisfied?", "失误之后：谁更满意？"),
    "paradox.paths_y": ("satisfaction minus\nthe no-failure group", "满意度\n（减去没有失误组）"),
    "paradox.loyalty_title": ("Satisfied again, but not more loyal", "满意度回升，忠诚度未必"),
    "paradox.loyalty_y": ("still a customer (%)", "仍是客户（%）"),
    "paradox.quality": ("recovery quality (0 = none, 1 = everything)", "补救质量（0 = 没有补救，1 = 全部做到）"),
    "paradox.severity": ("failure severity", "失误严重程度"),
    "paradox.region_first": ("Where the paradox lives: a first failure", "补救悖论出现在哪里：首次失误"),
    "paradox.region_second": ("After a second failure the paradox is gone", "第二次失误后悖论消失"),
    "paradox.region_bar": ("satisfaction minus no failure\n(outlined: the paradox)",
                           "满意度减去没有失误组\n（框出：补救悖论）"),
    # ---- word of mouth on a network, what the firm sees
    "reach.bad": ("story of bad service", "差的服务经历"),
    "reach.good": ("story of good service", "好的服务经历"),
    "reach.girard": ("Girard's law: {n} people", "吉拉德定律：{n} 人"),
    "reach.step": ("retelling step", "转述轮次"),
    "reach.y": ("people reached (mean)", "触达人数（平均）"),
    "reach.title": ("How far a story travels on the network", "一个经历在人际网络中传多远"),
    "sees.failures": ("customers hit by a failure", "遭遇服务失误的客户"),
    "sees.voiced": ("told someone about it", "向别人抱怨过"),
    "sees.recorded": ("complaint reached the firm's records", "投诉进入企业记录"),
    "sees.silent_exits": ("left without complaining", "没有抱怨就离开"),
    "sees.customers": ("customers", "客户人数"),
    "sees.title": ("What the firm sees of its failures", "企业能看到多少服务失误"),
    # ---- strategy lab
    "strategy.title": ("Recovery strategies compared (95% intervals)",
                       "补救策略比较（95% 区间）"),
    "output.retention": ("still a customer (%)", "仍是客户（%）"),
    "output.satisfaction": ("mean satisfaction", "平均满意度"),
    "output.net_wom_per_1000": ("net word of mouth\nper 1,000 customers", "每千名客户的\n净口碑"),
    "output.value_per_1000": ("value per 1,000 customers\n(margin)", "每千名客户的价值\n（利润）"),
    "output.complaints_per_1000": ("complaints per 1,000 customers", "每千名客户的投诉"),
    "named.by_the_book": ("by the book", "按规程处理"),
    "named.emotion_first": ("emotion first", "先处理情感"),
    "named.fast_local": ("fast local resolution", "快速就地解决"),
    "named.generous_compensation": ("generous compensation", "慷慨补偿"),
    "named.lower_expectations": ("lowering expectations", "降低客户期望值"),
    "named.follow_up_call": ("follow-up call", "回访电话"),
    "lever.strategy.compensation": ("compensation", "补偿"),
    "lever.strategy.response_days": ("days to respond", "响应天数"),
    "lever.strategy.expectation_setting": ("lowering expectations", "降低客户期望值"),
    "lever.handling.p_escalate": ("escalation past the front line", "越级投诉比例"),
    "sobol.total": ("total effect", "总效应"),
    "sobol.first": ("alone (first order)", "单独效应（一阶）"),
    "sobol.x": ("share of the variance of the outcome", "占结果方差的比例"),
    "sobol.title": ("Which levers matter most (Sobol indices)", "哪些杠杆最重要（Sobol 指数）"),
    "staff.overloaded": ("overloaded: the queue keeps growing", "超负荷：队列持续增长"),
    "staff.days": ("days to resolution", "解决天数"),
    "staff.agents": ("agents on the complaint desk", "投诉处理坐席人数"),
    "staff.days_y": ("mean days to resolution", "平均解决天数"),
    "staff.value": ("value per 1,000 customers", "每千名客户的价值"),
    "staff.title": ("Desk staffing: speed and what it is worth", "坐席配置：速度及其价值"),
    # ---- scenario experiments
    "power.x": ("respondents per cell", "每组受访者人数"),
    "power.y": ("power", "统计功效"),
    "power.target": ("target power {p:.0%}", "目标功效 {p:.0%}"),
    "power.title": ("How many respondents?", "需要多少受访者？"),
    "power.effect": ("effect size d = {d}", "效应量 d = {d}"),
    "power.interaction": ("interaction, d = {d}", "交互效应，d = {d}"),
    "cells.y": ("mean rating (1-7)", "平均评分（1-7）"),
    "cells.title": ("Cell means with 95% intervals", "各组均值及 95% 区间"),
    "factor.compensation": ("compensation", "补偿"),
    "factor.severity": ("failure severity", "失误严重程度"),
    "factor.apology": ("apology", "道歉"),
    "factor.response_days": ("days to respond", "响应天数"),
    "factor.emotion_first": ("emotion first", "先处理情感"),
    # ---- meta-analysis
    "meta.study": ("study {i}", "研究 {i}"),
    "meta.prediction": ("95% prediction interval", "95% 预测区间"),
    "meta.pooled": ("pooled ({method})", "合并效应（{method}）"),
    "meta.effect_ci": ("effect size (95% interval)", "效应量（95% 区间）"),
    "meta.forest_title": ("Forest plot: I² = {i2:.0f}%, τ² = {tau2:.3f}", "森林图：I² = {i2:.0f}%，τ² = {tau2:.3f}"),
    "meta.funnel_region": ("95% pseudo-confidence region", "95% 伪置信区域"),
    "meta.studies": ("studies", "研究"),
    "meta.effect": ("effect size", "效应量"),
    "meta.se": ("standard error", "标准误"),
    "meta.funnel_title": ("Funnel plot", "漏斗图"),
    # ---- survey analysis
    "survey.path_x": ("path coefficient (95% bootstrap interval)", "路径系数（95% 自助法区间）"),
    "survey.structural": ("Structural model", "结构模型"),
    "survey.alpha": ("Cronbach's alpha", "克隆巴赫 α"),
    "survey.rho_c": ("composite reliability", "组合信度"),
    "survey.ave": ("AVE", "平均方差抽取量"),
    "survey.reliability_y": ("value (dashed: threshold)", "数值（虚线：阈值）"),
    "survey.reliability_title": ("Are the scales reliable?", "量表可靠吗？"),
    "survey.jn_effect": ("effect of {x}", "{x}的效应"),
    "survey.jn_significant": ("significant region", "显著区域"),
    "survey.jn_x": ("moderator: {w}", "调节变量：{w}"),
    "survey.jn_y": ("conditional effect", "条件效应"),
    "survey.jn_title": ("Johnson-Neyman: where the effect holds", "约翰逊-内曼：效应在哪里成立"),
    "survey.loading_x": ("outer loading (dashed: 0.708, dotted: 0.4)", "外部载荷（虚线：0.708，点线：0.4）"),
    "survey.loading_title": ("Does each item measure its construct?", "每个题项都测量了它的构念吗？"),
    "construct.IMAG": ("Image", "企业形象"),
    "construct.CUEX": ("Expectations", "客户期望值"),
    "construct.PERQ": ("Quality", "感知质量"),
    "construct.PERV": ("Value", "感知价值"),
    "construct.CUSA": ("Satisfaction", "满意度"),
    "construct.CUSCO": ("Complaint handling", "投诉处理"),
    "construct.CUSL": ("Loyalty", "忠诚度"),
    # ---- PLS diagram and effects
    "pls.bca": ("BCa", "BCa"),
    "pls.percentile": ("percentile", "百分位"),
    "pls.note_boot": ("path coefficient [95% {kind} bootstrap interval]; grey: the interval includes 0",
                      "路径系数 [95% {kind} 自助法区间]；灰色：区间包含 0"),
    "pls.note_plain": ("path coefficient (no bootstrap); grey: |coefficient| < {floor}",
                       "路径系数（未做自助法）；灰色：|系数| < {floor}"),
    "pls.diagram_title": ("Structural model: paths and R²", "结构模型：路径系数与 R²"),
    "pls.direct": ("direct", "直接效应"),
    "pls.indirect": ("indirect", "间接效应"),
    "pls.total": ("total", "总效应"),
    "pls.total_ci": (" (line: 95% bootstrap interval of the total)", "（线段：总效应的 95% 自助法区间）"),
    "pls.effects_x": ("effect on {target}{note}", "对{target}的效应{note}"),
    "pls.effects_title": ("What drives {target}: direct and indirect effects", "驱动{target}的因素：直接与间接效应"),
    # ---- source lines under exported charts (docs/sources.md: seeds 000-004, the literature)
    "source.iceberg": ("seed 004, the iceberg: of 100 dissatisfied customers 4 complain to the firm",
                       "培训资料 004 的冰山：100 位不满意的客户中 4 人投诉"),
    "source.wom": ("seed 002: after good service a customer tells 9-12 people, after bad service 20",
                   "培训资料 002：好的服务告诉 9-12 人，差的服务告诉 20 人"),
    "source.economics": ("seed 004 (24, 12, 6x, Girard's 250) and seed 003 (the 1-10-100 rule)",
                         "培训资料 004（24、12、6 倍、吉拉德 250）与 003（1-10-100 法则）"),
    "source.sees": ("simulated: recovery.simulate, default model, 52 weeks; compare seed 004's 4 in 100",
                    "模拟：默认模型 52 周；对照培训资料 004 的 100 人中 4 人"),
    "source.reach": ("simulated cascade (Goldenberg et al. 2001); seeds 002 and 004",
                     "模拟传播（Goldenberg 等 2001）；培训资料 002 与 004"),
    "source.paths": ("simulated cohorts; the paradox: de Matos et al. 2007, seed 001",
                     "模拟客户群；补救悖论见 de Matos 等 2007；培训资料 001"),
    "source.loyalty": ("simulated cohorts; de Matos et al. 2007: satisfaction, not repurchase",
                       "模拟客户群；de Matos 等 2007：悖论提升满意度，不提升再购买"),
    "source.region_first": ("simulated grid; Magnini et al. 2007: paradox only after a mild first failure",
                            "模拟网格；Magnini 等 2007：仅在轻微的首次失误后出现"),
    "source.region_second": ("simulated grid; Maxham & Netemeyer 2002: a paradox after one failure, not two",
                             "模拟网格；Maxham 与 Netemeyer 2002：第二次失误后没有悖论"),
    "source.strategies": ("simulated: the strategies of seeds 000-004, 26 weeks, replications",
                          "模拟：培训资料 000-004 中的补救策略，26 周，多次重复"),
    "source.staffing": ("simulated complaint desk (a queue) and customer journey",
                        "模拟投诉处理台（排队）与客户旅程"),
    "source.reliability": ("ECSI mobile phone survey (Tenenhaus et al. 2005), n = 250",
                           "ECSI 手机客户调查（Tenenhaus 等 2005），n = 250"),
    "source.power": ("simulated scenario experiments: two-group and 2 x 2 designs",
                     "模拟情景实验：两组与 2 x 2 设计"),
    "source.cells": ("simulated scenario experiment, 2 x 2: compensation x failure severity",
                     "模拟情景实验，2 x 2：补偿 x 失误严重程度"),
    "source.forest": ("12 simulated experiments pooled by random effects (REML)",
                      "12 个模拟实验，随机效应合并（REML）"),
    "source.funnel": ("the same 12 simulated experiments", "同样的 12 个模拟实验"),
    # ---- speaker notes (slide decks)
    "notes.iceberg": (
        "Seed 004's iceberg: of 100 dissatisfied customers only 4 complain to you; 96 never tell the firm. "
        "Each complaint therefore stands for about 24 silent customers with the same grievance. Careful: the "
        "material adds 'they never come back', but seed 002 puts 91% only after very bad service, and the "
        "simulation shows many of the silent ones tell others and many stay. The point is what the firm cannot "
        "hear, not that all 96 leave.",
        "培训资料 004 的冰山：100 位不满意的客户中只有 4 人向你抱怨，96 人不让企业知道。所以每一个投诉背后约有 24 位"
        "有同样不满的沉默客户。注意：资料说“他们绝不回头”，但培训资料 002 的 91% 只针对非常差的服务；模拟显示不少沉默"
        "的客户会向别人抱怨，也有不少留下。重点是企业听不到，而不是 96 人全部流失。"),
    "notes.wom": (
        "Seed 002: after good service a customer tells 9 to 12 people; after bad service, 20. Bad news travels "
        "about twice as far. Ask the room: who did you last tell about a bad service?",
        "培训资料 002：好的服务，客户会告诉 9-12 人；差的服务，会告诉 20 人。坏事传得约远一倍。问学员：你上一次向别人"
        "抱怨一次糟糕的服务是什么时候？"),
    "notes.economics": (
        "Two kinds of numbers, two panels. People (seed 004): 24 silent customers behind each complaint, 12 "
        "satisfied customers to balance one lost, and Girard's 250 people each customer can reach. Costs: winning "
        "a customer costs 6 times keeping one (seed 004), and the 1-10-100 rule (seed 003): 1 to prevent, 10 to "
        "correct, 100 once the failure reaches the customer.",
        "两类数字，两个图。人数（培训资料 004）：每个投诉背后 24 位沉默的客户，一个流失客户要 12 位满意客户才能抵消，"
        "吉拉德定律：每位客户能影响 250 人。成本：赢得新客户的成本是留住老客户的 6 倍（004）；1-10-100 法则（003）："
        "预防花 1，纠正花 10，失误到达客户就要花 100。"),
    "notes.sees": (
        "The simulated firm: of all customers hit by a failure, many tell someone, but only a few complaints "
        "reach the firm's records, near seed 004's 4 in 100. Some leave without complaining. The records are the "
        "tip of the iceberg.",
        "模拟的企业：遭遇服务失误的客户中，很多人会向别人抱怨，但进入企业记录的投诉很少，接近培训资料 004 的 100 人"
        "中 4 人。也有客户没有抱怨就离开。企业记录只是冰山一角。"),
    "notes.reach": (
        "A story spreading on a simulated network of acquaintances (Goldenberg, Libai and Muller 2001): a bad "
        "service story starts from 20 people told (seed 002), a good one from 9-12, and travels further. The "
        "dotted line is Girard's 250 (seed 004).",
        "在模拟的人际网络上传播（Goldenberg 等 2001）：差的服务经历从 20 个被告知的人开始（培训资料 002），好的从 9-12 "
        "人开始，差的传得更远。虚线是吉拉德定律的 250 人（培训资料 004）。"),
    "notes.paths": (
        "The recovery paradox: customers whose failure was recovered well can end up more satisfied than "
        "customers with no failure (seed 001; de Matos et al. 2007 find it on satisfaction). Lines are "
        "satisfaction minus the no-failure group, so no failure is the zero line. Recovered well rises above it "
        "after the failure week; recovered badly falls below, and the silent ones stay below.",
        "服务补救悖论：失误后补救得好的客户，可能比没有遇到失误的客户更满意（培训资料 001；de Matos 等 2007 的元分析"
        "在满意度上发现了它）。线条是减去没有失误组后的满意度，所以没有失误组是零线。补救得好的在失误周之后高于零线；"
        "补救不力的低于零线，不抱怨的客户也一直低于零线。"),
    "notes.loyalty": (
        "Satisfaction is not loyalty. De Matos et al. (2007) find the paradox on satisfaction but not on "
        "repurchase or word of mouth. Here the share still a customer after the failure: recovery saves customers, "
        "but does not make them more loyal than no failure at all.",
        "满意不等于忠诚。de Matos 等（2007）发现悖论出现在满意度上，而不在再购买或口碑上。这里是失误后仍是客户的比例："
        "补救能留住客户，但不会让他们比没有失误时更忠诚。"),
    "notes.region_first": (
        "Where the paradox lives: only when the failure is mild and the recovery very good (Magnini et al. "
        "2007). Each cell is satisfaction after recovery minus no failure; outlined cells are the paradox. Most of "
        "the map is below zero: prevention beats recovery.",
        "补救悖论出现在哪里：只在失误轻微、补救很好时（Magnini 等 2007）。每个格子是补救后的满意度减去没有失误组；"
        "框出的格子就是补救悖论。大部分格子小于零：预防胜过补救。"),
    "notes.region_second": (
        "The same map after a second failure, on the same colour scale: the paradox is gone (Maxham and "
        "Netemeyer 2002). Customers forgive once.",
        "第二次失误后的同一张图，颜色刻度相同：补救悖论消失了（Maxham 与 Netemeyer 2002）。客户只原谅一次。"),
    "notes.strategies": (
        "The recovery strategies of the training material, each simulated many times: by the book, emotion "
        "first (seed 004), fast local resolution (seed 000), generous compensation, lowering expectations "
        "(seed 000), follow-up call (seeds 001, 002). Blue marks the best in each panel; lines are 95% intervals "
        "over replications. A strategy far off the others' scale is shown as an arrow with its value: in the "
        "model, lowering expectations (stating standards and commitments) acts on every customer, not only on "
        "those who complain, so it moves everyone's word of mouth.",
        "培训资料中的补救策略，每个模拟多次：按规程处理、先处理情感（004）、快速就地解决（000）、慷慨补偿、降低客户"
        "期望值（000）、回访电话（001、002）。蓝色为每个图中最好的；线段为重复模拟的 95% 区间。远离其他策略刻度的，"
        "用箭头和数值表示：在模型中，降低客户期望值（说明服务标准与承诺）作用于每一位客户，而不只是投诉的客户，"
        "所以它改变了所有人的口碑。"),
    "notes.staffing": (
        "How many agents on the complaint desk? Too few and the queue grows without bound (shaded); each "
        "extra agent shortens the days to resolution, and faster resolution keeps value. Seed 001: the earlier, "
        "the more satisfied.",
        "投诉处理台需要多少坐席？太少时队列无限增长（阴影）；每多一个坐席，解决天数缩短，更快的解决保住价值。"
        "培训资料 001：越早解决，客户越满意。"),
    "notes.reliability": (
        "Before trusting a survey, check its scales: Cronbach's alpha and composite reliability above 0.7, "
        "AVE above 0.5 (dashed lines). ECSI mobile phone data, 250 customers.",
        "相信一份调查之前，先检查量表：克隆巴赫 α 和组合信度高于 0.7，平均方差抽取量高于 0.5（虚线）。ECSI 手机客户"
        "数据，250 位客户。"),
    "notes.power": (
        "Planning your own experiment: how many respondents per group to detect an effect 80% of the time. "
        "Small effects and interactions need many more people.",
        "设计自己的实验：每组需要多少受访者，才有 80% 的把握发现效应。小效应和交互效应需要多得多的人。"),
    "notes.cells": (
        "A 2 x 2 scenario experiment: compensation against failure severity. Parallel lines: compensation "
        "helps the same at both severities; lines that spread apart: an interaction.",
        "2 x 2 情景实验：补偿与失误严重程度。两条线平行：补偿在两种严重程度下作用相同；两条线分开：存在交互效应。"),
    "notes.forest": (
        "Many small studies pooled: each square is one study with its interval, the diamond the pooled "
        "effect. The dashed line is where a new study's effect would fall.",
        "把许多小研究合并：每个方块是一项研究及其区间，菱形是合并效应。虚线是新研究的效应可能落在的范围。"),
    "notes.funnel": (
        "A funnel plot: small studies scatter widely, large ones sit near the pooled effect. A lopsided funnel "
        "hints that small studies with disappointing results went unpublished.",
        "漏斗图：小研究分散，大研究靠近合并效应。漏斗不对称，提示结果不理想的小研究可能没有发表。"),
    # ---- slide decks
    "deck.title": ("Handling complaints and recovering from service failures", "客户投诉处理与服务补救"),
    "deck.subtitle": ("A 2-hour workshop: the figures of the training material, simulated and charted",
                      "两小时工作坊：培训资料中的数字，模拟并图示"),
}

#: Keys whose text is the same in both languages on purpose (a name or a symbol, not a word).
SAME_IN_BOTH = frozenset({"pls.bca"})


def text(key: str, **values) -> str:
    """The catalogue's text for ``key`` in the current chart language, formatted with ``values``.

    >>> text("people", n=20)
    '20 people'
    """
    en, zh = MESSAGES[key]
    return (zh if get_language() == "zh" else en).format(**values)


def name(kind: str, key, names: dict | None = None) -> str:
    """Display name of a construct, factor, lever or strategy: ``names[key]`` (an (English,
    Chinese) pair you pass) first, then the catalogue's ``kind.key``, else the key itself.

    >>> name("construct", "CUSA")
    'Satisfaction'
    """
    if names and key in names:
        en, zh = names[key]
        return zh if get_language() == "zh" else en
    return text(f"{kind}.{key}") if f"{kind}.{key}" in MESSAGES else str(key)
