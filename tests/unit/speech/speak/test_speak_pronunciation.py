"""Names espeak-ng mispronounces are respelled on the way in, and only whole words."""

from robot_guide.speech.speak.pronunciation import respell_for_espeak


def test_brand_and_robot_names_are_respelled() -> None:
    assert respell_for_espeak("Chery's AiMOGA robot") == "Cherry's Eye Moga robot"
    assert respell_for_espeak("CHERY and aimoga") == "Cherry and Eye Moga"


def test_other_words_are_untouched() -> None:
    assert respell_for_espeak("Cherything and cherry pie") == "Cherything and cherry pie"
