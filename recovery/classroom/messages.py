"""Every text of the classroom app, in English and Chinese: ``key -> {"en": ..., "zh": ...}``,
the shape of the charts' message catalogue. Chinese follows the training material's own terms
(客户, 投诉 for a complaint to the firm, 抱怨 for a grievance told, 服务失误, 服务补救, 口碑).

>>> text("app_title", "zh")
'服务补救课堂'
>>> text("paradox_recovered", "en", settings="50%")
'Failure, complaint resolved (50%)'
"""
from __future__ import annotations

__all__ = ["MESSAGES", "LANGUAGES", "text"]

LANGUAGES = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    # the app
    "app_title": {"en": "Service recovery classroom", "zh": "服务补救课堂"},
    "language": {"en": "Language", "zh": "语言"},
    "page_paradox": {"en": "Paradox explorer", "zh": "补救悖论探索"},
    "page_iceberg": {"en": "Iceberg and word of mouth", "zh": "投诉冰山与口碑"},
    "page_roleplay": {"en": "Role-play", "zh": "投诉处理角色扮演"},
    "model_note": {"en": "Simulated with the recovery journey model; every number is a model result, not data.",
                   "zh": "以服务补救旅程模型模拟；所有数字都是模型结果，不是实测数据。"},
    # paradox explorer
    "paradox_intro": {"en": "Move the sliders: the failure and how the firm recovers. Do recovered customers end up "
                            "more satisfied than customers who never had a problem?",
                      "zh": "拖动滑块：设定服务失误和企业的补救方式。补救后的客户会比从未遇到问题的客户更满意吗？"},
    "slider_severity": {"en": "Failure severity", "zh": "失误严重程度"},
    "slider_compensation": {"en": "Compensation (share of the price)", "zh": "补偿（占价格的比例）"},
    "slider_days": {"en": "Response time (days)", "zh": "处理时间（天）"},
    "toggle_apology": {"en": "Apology", "zh": "道歉"},
    "toggle_emotion_first": {"en": "Emotion first", "zh": "先处理情感，再处理事件"},
    "toggle_follow_up": {"en": "Follow-up", "zh": "事后回访"},
    "failure_which": {"en": "Which failure", "zh": "第几次失误"},
    "failure_first": {"en": "First failure", "zh": "第一次失误"},
    "failure_second": {"en": "Second failure", "zh": "第二次失误"},
    "paradox_title": {"en": "After the failure: who ends up more satisfied?", "zh": "失误之后：谁更满意？"},
    "path_title": {"en": "The customer's path: still a customer?", "zh": "客户的去留：还是我们的客户吗？"},
    "axis_week": {"en": "week", "zh": "周"},
    "axis_satisfaction": {"en": "satisfaction compared with no failure", "zh": "与没有失误相比的满意度"},
    "axis_still_customer": {"en": "still a customer (%)", "zh": "仍是客户（%）"},
    "failure_week": {"en": "failure", "zh": "失误"},
    "paradox_no_failure": {"en": "No failure (the zero line)", "zh": "没有失误（零线）"},
    "paradox_recovered": {"en": "Failure, complaint resolved ({settings})", "zh": "失误后投诉得到解决（{settings}）"},
    "paradox_silent": {"en": "Failure, no complaint ({settings})", "zh": "失误后没有抱怨（{settings}）"},
    "settings_compensation": {"en": "{value:.0%} compensation", "zh": "补偿{value:.0%}"},
    "settings_days": {"en": "{value:g} days", "zh": "{value:g}天"},
    "settings_apology": {"en": "apology", "zh": "道歉"},
    "settings_emotion_first": {"en": "emotion first", "zh": "先处理情感"},
    "settings_follow_up": {"en": "follow-up", "zh": "回访"},
    "settings_severity": {"en": "severity {value:.2f}", "zh": "严重程度{value:.2f}"},
    "settings_second": {"en": "2nd failure", "zh": "第二次失误"},
    "paradox_verdict_yes": {"en": "Paradox: in the failure week, recovered customers are {gap:+.3f} against no "
                                  "failure.",
                            "zh": "出现补救悖论：失误当周，补救后的客户与没有失误的客户相比为{gap:+.3f}。"},
    "paradox_verdict_no": {"en": "No paradox: in the failure week, recovered customers are {gap:+.3f} against no "
                                 "failure.",
                           "zh": "没有补救悖论：失误当周，补救后的客户与没有失误的客户相比为{gap:+.3f}。"},
    # iceberg
    "iceberg_intro": {"en": "100 customers met a service failure. How many complained to the firm? "
                            "Agree on a guess as a room, then reveal what the model says.",
                      "zh": "100位客户遇到了服务失误。有多少人向企业投诉？全班先商定一个猜测，再揭晓模型的结果。"},
    "iceberg_guess": {"en": "Our guess: complaints that reach the firm", "zh": "我们的猜测：有多少投诉到达企业"},
    "iceberg_reveal": {"en": "Reveal", "zh": "揭晓"},
    "iceberg_title": {"en": "Of 100 customers hit by a failure", "zh": "100位遇到服务失误的客户中"},
    "iceberg_guess_title": {"en": "Our guess: {guess} of 100 complain to the firm",
                            "zh": "我们的猜测：100人中有{guess}人向企业投诉"},
    "iceberg_reached": {"en": "complaint reached the firm", "zh": "投诉到达企业"},
    "iceberg_unknown": {"en": "the others: to be revealed", "zh": "其余：待揭晓"},
    "iceberg_told_someone": {"en": "complained, but not to the firm's records", "zh": "抱怨过，但没有进入企业记录"},
    "iceberg_silent": {"en": "said nothing", "zh": "没有抱怨"},
    "iceberg_result": {"en": "Model: {reached:.1f} of 100 reach the firm; {complained:.0f} complained to someone; "
                             "{silent:.0f} left without a word. Your guess: {guess}.",
                       "zh": "模型：100人中{reached:.1f}人的投诉到达企业；{complained:.0f}人向别人抱怨过；"
                             "{silent:.0f}人一言不发就离开。你们的猜测：{guess}。"},
    "iceberg_source": {"en": "The training material says 4 of 100 (seed 004); the model is calibrated to it.",
                       "zh": "培训材料说100人中有4人（种子文件004）；模型按此校准。"},
    "wom_intro": {"en": "One unhappy customer tells friends, who tell theirs. Step through the network.",
                  "zh": "一位不满的客户告诉朋友，朋友再告诉别人。一步一步看口碑在网络上的传播。"},
    "wom_step": {"en": "Next step", "zh": "下一步"},
    "wom_reset": {"en": "Start again", "zh": "重新开始"},
    "wom_story": {"en": "Story", "zh": "故事"},
    "wom_bad": {"en": "bad service story", "zh": "差评故事"},
    "wom_good": {"en": "good service story", "zh": "好评故事"},
    "wom_title": {"en": "Word of mouth on a network, step {step}", "zh": "口碑在网络上的传播：第{step}步"},
    "wom_reached": {"en": "people reached: {reached}", "zh": "已传到：{reached}人"},
    "wom_axis_step": {"en": "retelling step", "zh": "转述轮次"},
    "wom_axis_reached": {"en": "people reached", "zh": "触达人数"},
    "wom_legend_first": {"en": "the first customer", "zh": "第一位客户"},
    "wom_legend_heard": {"en": "heard the story", "zh": "听到了这个故事"},
    "wom_legend_not": {"en": "not yet", "zh": "还没听到"},
    # role-play
    "rp_intro": {"en": "Deal a customer card. Each team picks its handling steps in order, the phrases and a "
                       "remedy, then plays. Every team on the same card meets the same simulated customers.",
                 "zh": "抽一张客户卡。每个小组按顺序选择处理步骤、说法和补救方案，然后提交。抽到同一张卡的小组面对的是同一批模拟客户。"},
    "rp_card_number": {"en": "Card number", "zh": "卡号"},
    "rp_team": {"en": "Team name", "zh": "小组名称"},
    "rp_steps": {"en": "Handling steps, in the order you take them", "zh": "处理步骤（按你们采取的顺序）"},
    "rp_phrases": {"en": "What do you say?", "zh": "你会怎么说？"},
    "rp_remedy": {"en": "Remedy (if you compensate)", "zh": "补救方案（如果给予补偿）"},
    "rp_play": {"en": "Play", "zh": "提交"},
    "rp_scoreboard": {"en": "Scoreboard, card {card}", "zh": "计分板：第{card}号卡"},
    "rp_no_team": {"en": "Give your team a name first.", "zh": "请先填写小组名称。"},
    "rp_card_title": {"en": "Card {number}", "zh": "第{number}号卡"},
    "rp_card_customer": {"en": "Customer: {complainant}, {difficult}", "zh": "客户：{complainant}，{difficult}"},
    "rp_card_failure": {"en": "Failure: {cause}, {severity}", "zh": "服务失误：{cause}，{severity}"},
    "rp_card_second": {"en": "This has happened to them before.", "zh": "这位客户以前遇到过同样的失误。"},
    "rp_card_wants": {"en": "Wants: {wants}", "zh": "诉求：{wants}"},
    "rp_card_tactic": {"en": "Tactic for this type: {tactic}", "zh": "应对技巧：{tactic}"},
    "rp_result_emotion": {"en": "Emotion: {mood} ({share:.0%} of customers)", "zh": "情绪：{mood}（{share:.0%}的客户）"},
    "rp_result_satisfaction": {"en": "Satisfaction with the recovery: {value:.0f} / 100",
                               "zh": "对补救的满意度：{value:.0f} / 100"},
    "rp_result_buy_again": {"en": "Chance of buying again: {value:.0%}", "zh": "再次购买的可能性：{value:.0%}"},
    "rp_result_told": {"en": "People told about it: {value:.1f}", "zh": "向别人抱怨的人数：{value:.1f}"},
    "rp_result_justice": {"en": "Justice felt: distributive {distributive:.0f}, procedural {procedural:.0f}, "
                                "interactional {interactional:.0f} (weights {w_d:.0%} / {w_p:.0%} / {w_i:.0%})",
                          "zh": "公平感：结果公平{distributive:.0f}，程序公平{procedural:.0f}，互动公平{interactional:.0f}"
                                "（权重 {w_d:.0%} / {w_p:.0%} / {w_i:.0%}）"},
    "rp_debrief": {"en": "Debrief", "zh": "复盘"},
    "rp_debrief_helped": {"en": "What mattered most: {choice} ({made}). With {alternative} instead, satisfaction "
                                "would fall by {change:.0f} points.",
                          "zh": "最关键的选择：{choice}（{made}）。如果改为{alternative}，满意度会下降{change:.0f}分。"},
    "rp_debrief_hurt": {"en": "What mattered most: {choice} ({made}). With {alternative} instead, satisfaction "
                              "would rise by {change:.0f} points.",
                        "zh": "最关键的选择：{choice}（{made}）。如果改为{alternative}，满意度会提高{change:.0f}分。"},
    "rp_debrief_none": {"en": "No single change would move satisfaction by a point: the handling is balanced.",
                        "zh": "任何单一改变都不会使满意度变化超过1分：处理方式很均衡。"},
    "rp_why_distributive": {"en": "Why: it works through distributive justice (a fair outcome), which weighs "
                                  "{weight:.0%} for this customer.",
                            "zh": "原因：它影响结果公平（补偿是否合理），对这位客户的权重是{weight:.0%}。"},
    "rp_why_procedural": {"en": "Why: it works through procedural justice (a fair, fast process), which weighs "
                                "{weight:.0%} for this customer.",
                          "zh": "原因：它影响程序公平（处理过程是否快速、合理），对这位客户的权重是{weight:.0%}。"},
    "rp_why_interactional": {"en": "Why: it works through interactional justice (being respected and understood), "
                                   "which weighs {weight:.0%} for this customer.",
                             "zh": "原因：它影响互动公平（是否受到尊重和理解），对这位客户的权重是{weight:.0%}。"},
    "rp_why_expectations": {"en": "Why: it changes what the customer expects of the recovery (seed 000: say what "
                                  "can and cannot be done), not the recovery itself.",
                            "zh": "原因：它改变的是客户对补救的期望值（说明哪些能做到、哪些做不到），而不是补救本身。"},
    "rp_other_choices": {"en": "Other choices, by effect on satisfaction", "zh": "其他选择（按对满意度的影响排序）"},
    "rp_col_team": {"en": "team", "zh": "小组"},
    "rp_col_satisfaction": {"en": "satisfaction", "zh": "满意度"},
    "rp_col_buy_again": {"en": "buy again", "zh": "再次购买"},
    "rp_col_told": {"en": "people told", "zh": "抱怨人数"},
    "rp_col_mood": {"en": "emotion", "zh": "情绪"},
    "rp_col_choice": {"en": "choice", "zh": "选择"},
    "rp_col_change": {"en": "satisfaction if changed", "zh": "改变后的满意度变化"},
    "made_taken": {"en": "taken", "zh": "采取了"},
    "made_left_out": {"en": "left out", "zh": "没有采取"},
    "made_out_of_order": {"en": "out of order", "zh": "顺序不当"},
    "made_in_order": {"en": "in the material's order", "zh": "按正确顺序"},
    "made_avoid": {"en": "the phrase to avoid", "zh": "应避免的说法"},
    "made_instead": {"en": "the better phrase", "zh": "更好的说法"},
    # steps (seed 001 process; seed 004 emotion first)
    "step_calm": {"en": "Calm the emotion first, let them talk", "zh": "先处理情感：平息情绪，让客户倾诉"},
    "step_listen": {"en": "Listen and collect the facts", "zh": "耐心倾听，收集信息"},
    "step_own": {"en": "Take ownership, no passing on", "zh": "主动负责，不推诿"},
    "step_ask": {"en": "Ask what they want, offer choices", "zh": "先问客户想要什么，提供选择"},
    "step_compensate": {"en": "Compensate (the remedy below)", "zh": "适当补偿（见下方补救方案）"},
    "step_fast": {"en": "Act fast", "zh": "尽快实施处理方案"},
    "step_follow_up": {"en": "Follow up later", "zh": "事后回访跟踪"},
    # phrases (seed 002): the situation, the phrase to avoid, what to say instead
    "phrase_sorry": {"en": "The customer is shouting.", "zh": "客户在大声发火。"},
    "phrase_sorry_avoid": {"en": "\"Calm down.\"", "zh": "“冷静点。”"},
    "phrase_sorry_instead": {"en": "\"I'm sorry.\"", "zh": "“很抱歉！”"},
    "phrase_find_out": {"en": "You do not know the answer.", "zh": "你不知道答案。"},
    "phrase_find_out_avoid": {"en": "\"I don't know.\"", "zh": "“我不知道。”"},
    "phrase_find_out_instead": {"en": "\"Let me find out.\"", "zh": "“我查一下。”"},
    "phrase_can_do": {"en": "They ask for something you cannot give.", "zh": "客户提出你做不到的要求。"},
    "phrase_can_do_avoid": {"en": "\"No.\"", "zh": "“不行。”"},
    "phrase_can_do_instead": {"en": "\"What I can do is ...\"", "zh": "“我能做到的是……”"},
    "phrase_call_back": {"en": "You need time to check.", "zh": "你需要时间核实。"},
    "phrase_call_back_avoid": {"en": "\"Call back later.\"", "zh": "“再给我回电话好了。”"},
    "phrase_call_back_instead": {"en": "\"I will call you back.\"", "zh": "“我会给你回电话的。”"},
    # remedies
    "remedy_token": {"en": "A small gift (20% of the price)", "zh": "小礼品（价格的20%）"},
    "remedy_moderate": {"en": "Moderate compensation (50%)", "zh": "适当补偿（价格的50%）"},
    "remedy_refund": {"en": "Full refund (100%)", "zh": "全额退款（100%）"},
    "remedy_refund_plus": {"en": "Refund plus a voucher (120%)", "zh": "退款并加送代金券（120%）"},
    "remedy_double": {"en": "Double the price (200%)", "zh": "双倍赔偿（200%）"},
    "choice_remedy": {"en": "the remedy", "zh": "补救方案"},
    # emotions
    "emotion_angry": {"en": "angry", "zh": "愤怒"},
    "emotion_disappointed": {"en": "disappointed", "zh": "失望"},
    "emotion_accepting": {"en": "accepting", "zh": "接受"},
    "emotion_delighted": {"en": "delighted", "zh": "惊喜"},
    # customer cards: complainant types and what they want (seed 004)
    "type_quality_watcher": {"en": "quality-watcher", "zh": "质量监督型"},
    "type_rational": {"en": "rational", "zh": "理智型"},
    "type_negotiator": {"en": "negotiator", "zh": "谈判型"},
    "type_victim": {"en": "victim", "zh": "受害型"},
    "wants_quality_watcher": {"en": "to see the problem fixed for good", "zh": "希望看到改进"},
    "wants_rational": {"en": "a satisfying answer", "zh": "希望得到满意的答复"},
    "wants_negotiator": {"en": "compensation", "zh": "希望得到赔偿"},
    "wants_victim": {"en": "sympathy, and compensation", "zh": "希望得到同情，并尽可能得到补偿"},
    # difficult types and the tactic for each (seed 001)
    "difficult_intimidating": {"en": "intimidating", "zh": "威吓型"},
    "difficult_grumbling": {"en": "grumbling", "zh": "牢骚型"},
    "difficult_silent": {"en": "silent", "zh": "沉默型"},
    "difficult_friendly": {"en": "friendly", "zh": "友好型"},
    "difficult_negative": {"en": "negative", "zh": "否定型"},
    "difficult_know_it_all": {"en": "know-it-all", "zh": "无所不知型"},
    "difficult_procrastinating": {"en": "procrastinating", "zh": "拖延型"},
    "difficult_chronic": {"en": "chronic complainer", "zh": "投诉成癖者"},
    "tactic_intimidating": {"en": "do not argue; state your view firmly and calmly to keep control",
                            "zh": "不要计较，坚定、理性地陈述观点，控制局面"},
    "tactic_grumbling": {"en": "find out what worries them, then ask directly what they want",
                         "zh": "了解他的忧虑，然后直接问他的要求"},
    "tactic_silent": {"en": "ask open questions to get them talking", "zh": "用开放式问题帮助客户开口"},
    "tactic_friendly": {"en": "stay friendly and dig for what they really think", "zh": "保持亲善，深入了解真实想法"},
    "tactic_negative": {"en": "do not argue; point to concrete counter-examples", "zh": "不要争论，用具体反例回应"},
    "tactic_know_it_all": {"en": "set out all the facts directly and reasonably", "zh": "直接、合理地陈述全部事实"},
    "tactic_procrastinating": {"en": "ask why they delay and help with what holds them back",
                               "zh": "询问拖延的原因，帮助克服障碍"},
    "tactic_chronic": {"en": "acknowledge the valid part, stick to facts, set a time limit for a solution",
                       "zh": "找出合理的不满，依据事实，限定时间共同制订解决方案"},
    # failure causes (seed 001) and the card's story for each
    "cause_product_quality": {"en": "product quality", "zh": "产品质量问题"},
    "cause_service_attitude": {"en": "service attitude", "zh": "服务态度问题"},
    "cause_misleading_promotion": {"en": "misleading promotion", "zh": "宣传误导"},
    "cause_management": {"en": "poor management", "zh": "企业管理不善"},
    "story_product_quality": {"en": "The router delivered last week keeps dropping; they work from home.",
                              "zh": "上周送来的路由器经常断线，而客户在家办公。"},
    "story_service_attitude": {"en": "A counter clerk was curt and kept them waiting while chatting.",
                               "zh": "营业员态度冷淡，一边聊天一边让客户等着。"},
    "story_misleading_promotion": {"en": "The \"unlimited\" plan slowed to a crawl after 10 GB; the advert never "
                                         "said so.",
                                   "zh": "“不限量”套餐用了10 GB就被限速，广告里没有说明。"},
    "story_management": {"en": "The installation was booked twice and nobody came; three calls, three answers.",
                         "zh": "安装预约了两次都没人上门；打了三次电话，得到三种说法。"},
    "severity_0.2": {"en": "minor", "zh": "轻微"},
    "severity_0.45": {"en": "moderate", "zh": "中等"},
    "severity_0.7": {"en": "serious", "zh": "严重"},
}


def text(key: str, lang: str, **values) -> str:
    """The text ``key`` in ``lang`` ("en" or "zh"), formatted with ``values``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang = {lang!r} is not a language of the app; use one of {LANGUAGES}")
    try:
        entry = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in recovery.classroom.messages.MESSAGES") from None
    return entry[lang].format(**values) if values else entry[lang]
