"""Chinese: repair, yes and no, choices, follow-ups on the last topic, a walk's progress, switching."""

from __future__ import annotations

import re

from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.rules import Mentions, Names, OneOf, PhraseSet, Whole

CHINESE = PhraseSet(
    language="zh",
    polite_prefix=re.compile(r"^(?:(?:你好|您好|请问|麻烦|不好意思|打扰一下|对不起|那个|嗯|机器人)\s*)*"),
    # Not "吗" or "可以吗": they make a statement a question ("中文可以吗").
    polite_suffix=re.compile(r"(?:\s*(?:谢谢你|谢谢您|谢谢|呢|啊|呀))+$"),
    articles=re.compile(r"^(?:这个|那个|这|那|最近的)\s*"),
    pronouns=frozenset({"它", "那个", "这个", "那里", "这里", "那儿", "这儿"}),
    rules=(
        Whole(
            Intent.REPEAT,
            re.compile(
                r"^(?:对不起|不好意思)?请?(?:再说一遍|再说一次|重复一遍|重复一下|重复|你说什么|什么|没听清楚?|再讲一遍)$"
            ),
            unstripped_too=True,
        ),
        # A Chinese turn is one "word" to str.split: the limit only keeps long sentences out.
        Mentions(Intent.SLOWER, re.compile(r"(?:慢一点|慢点|说慢|慢一些|太快了|说得太快|讲慢)"), max_words=8),
        OneOf(Intent.STOP, frozenset({"停", "停下", "停一下", "停止", "别走了", "取消", "算了", "不去了"})),
        Whole(Intent.FIRST, re.compile(r"^(?:是)?第一个$")),
        Whole(Intent.SECOND, re.compile(r"^(?:不是)?(?:第二个|另一个|后一个|最后一个)$")),
        OneOf(
            Intent.YES,
            frozenset(
                {"是", "是的", "对", "对的", "好", "好的", "好啊", "可以", "行", "没错", "当然", "嗯"}
                | {"是的谢谢", "好的谢谢", "走吧", "带我去吧", "要", "好的麻烦你了"}
            ),
        ),
        OneOf(
            Intent.NO,
            frozenset({"不", "不是", "不对", "不要", "不用", "不用了", "不用谢谢", "都不是", "不需要"})
            | {"不了"},
        ),
        Whole(
            Intent.WHERE_IT,
            re.compile(r"^那?(?:它|那个|这个|那里)?(?:在哪里|在哪儿|在哪|怎么走|怎么去)$"),
        ),
        Whole(Intent.WHEN_IT, re.compile(r"^那?(?:它|那个|这个)?(?:什么时候|几点)(?:开始|举行|开)?$")),
        Whole(Intent.HOW_FAR, re.compile(r"^(?:到了吗|快到了吗|还有多远|还远吗|远吗|还要走多久)$")),
        Names(
            Intent.LANGUAGE_SWITCH,
            re.compile(
                r"^(?:我们)?(?:你|您)?(?:会说|会讲|能说|能讲|可以说|可以讲|说|讲|用)?"
                r"(?P<x>[\u4e00-\u9fff]{2,5}?)(?:可以吗|行吗|好吗|吗|吧)$"
            ),
        ),
    ),
    language_names={
        "汉语": "zh",
        "普通话": "zh",
        "国语": "zh",
        "华语": "zh",
        "中国话": "zh",
        "英文": "en",
        "西语": "es",
        "西班牙文": "es",
        "葡语": "pt",
        "葡萄牙文": "pt",
        "俄文": "ru",
        "阿拉伯文": "ar",
    },
)
