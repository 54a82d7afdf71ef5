"""Names espeak-ng mispronounces are respelled on the way in, and only whole words."""

from robot_guide.speech.speak.pronunciation import for_espeak, pinyin, respell, respell_for_espeak


def test_brand_and_robot_names_are_respelled() -> None:
    assert respell_for_espeak("Chery's AiMOGA robot") == "Cherry's Eye Moga robot"
    assert respell_for_espeak("CHERY and aimoga") == "Cherry and Eye Moga"


def test_other_words_are_untouched() -> None:
    assert respell_for_espeak("Cherything and cherry pie") == "Cherything and cherry pie"


def test_each_language_respells_the_names_for_its_own_voice() -> None:
    assert respell("Soy AiMOGA, de Chery.", "es") == "Soy Aimoga, de Cheri."
    assert respell("Sou AiMOGA, da Chery.", "pt") == "Sou Aimoga, da Tchéri."
    assert respell("Я AiMOGA, робот Chery.", "ru") == "Я Аймога, робот Чери."
    assert respell("أنا AiMOGA من Chery", "ar") == "أنا آيموغا من شيري"
    assert respell("Chery's AiMOGA", "fr") == "Cherry's Eye Moga"  # no French respellings: the English ones


def test_chinese_goes_to_espeak_as_tone_numbered_pinyin() -> None:
    assert pinyin("您好，欢迎！") == "nin2 hao3, huan1 ying2!"
    assert for_espeak("我是 AiMOGA。", "zh") == "wo3 shi4 ai4 mo2 ga1."
    assert for_espeak("Hello AiMOGA", "en") == "Hello Eye Moga"  # no pinyin outside Chinese
