"""The package in Chinese: tr() and what a learner reads with NST_LANG=zh, against base/zh.py.

With the default language everything stays English, as the other tests check
word for word; here the language is switched to Chinese, and each place a
learner reads (the profile line, an exercise's hint, the random-weights note,
the playground, a plot) must give the Chinese of ``ZH``. Error messages stay
English.
"""

from __future__ import annotations

import io
import textwrap
import warnings

import matplotlib
import matplotlib.pyplot as plt  # Agg: conftest sets MPLBACKEND
import numpy as np
import pytest
import tensorflow as tf

import nst_tutorial as nst
from nst_tutorial.base.errors import SettingsError
from nst_tutorial.base.language import pad, tr, width, wrap
from nst_tutorial.base.settings import configure
from nst_tutorial.base.zh import ZH
from nst_tutorial.course import exercises, plotting
from nst_tutorial.course.display import plot_losses
from nst_tutorial.course.exercises import grayscale, layer_shape
from nst_tutorial.runs.weights import RANDOM_WEIGHTS_NOTE


@pytest.fixture
def chinese(saved_settings):
    """NST_LANG=zh for this test; the settings and matplotlib's fonts are put back afterwards."""
    configure(lang="zh")
    with matplotlib.rc_context():
        yield saved_settings


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# -- tr ------------------------------------------------------------------------------------

def test_tr_is_the_english_by_default():
    assert tr("step {n}", n=3) == "step 3"
    assert tr("Loss by component") == "Loss by component"
    assert tr("A text without a translation, {x}.", x=1) == "A text without a translation, 1."


def test_tr_gives_the_chinese_with_its_values(chinese):
    assert tr("step {n}", n=3) == "第 3 步"
    assert tr("Loss by component") == ZH["Loss by component"] == "各项损失"
    assert tr("about {minutes:.0f} min", minutes=2.6) == "约 3 分钟"
    # A text with no Chinese stays English.
    assert tr("A text without a translation, {x}.", x=1) == "A text without a translation, 1."


def test_tr_spaces_a_value_from_chinese_but_leaves_the_value_as_it_is(chinese):
    # "你的函数返回了{what}，应为{expected}。": a Latin value gets a space, a Chinese one none.
    template = "your function returned {what}, expected {expected}."
    assert tr(template, what="None", expected="一个数") == "你的函数返回了 None，应为一个数。"
    assert tr(template, what="数字 3", expected="一个数") == "你的函数返回了数字 3，应为一个数。"
    assert tr("{path}: not a saved run this version can read ({error}).",
              path="输出/结果1.npz", error="OSError") == \
        "输出/结果1.npz：不是这个版本能读取的已保存运行（OSError）。"


def test_pad_counts_a_chinese_character_as_two_columns():
    assert width("abc") == 3 and width("通道 c") == 6
    assert pad("通道", 6) == "通道  " and pad("通道", 6, ">") == "  通道"
    assert pad("layer", 8) == f"{'layer':<8}" and pad("min", 11, ">") == f"{'min':>11}"


def test_wrap_cuts_chinese_between_characters_and_english_as_textwrap_does():
    english = "VGG19 has seeded RANDOM weights (NST_WEIGHTS=random): the code runs"
    assert wrap(english, 30) == textwrap.wrap(english, 30)
    chinese = ZH[RANDOM_WEIGHTS_NOTE]
    lines = wrap(chinese, 40)
    assert "".join(lines).replace(" ", "") == chinese.replace(" ", "")  # nothing lost
    assert len(lines) > 2 and all(width(line) <= 40 for line in lines)
    assert not any(line.startswith(("，", "。", "：")) for line in lines)


# -- what a learner reads, in Chinese ------------------------------------------------------

def test_the_profile_line_is_chinese(chinese, capsys, monkeypatch):
    monkeypatch.setattr(plotting, "chinese_fonts", lambda: ("Noto Sans CJK SC",))
    plan = nst.use_profile("quick")
    printed = capsys.readouterr().out
    assert printed == ZH["Profile: quick ({plan}, for tests). For the tutorial's: "
                         "nst.use_profile('tutorial') here, or NST_PROFILE=tutorial before "
                         "starting Jupyter."].format(plan=plan.describe(tr)) + "\n"
    assert printed.startswith("课程配置：quick（图像最长边 64 像素，2 轮、每轮 3 步，float32，用于测试）。")


@pytest.mark.parametrize("exercise", [grayscale.EXERCISE, layer_shape.EXERCISE],
                         ids=lambda e: e.name)
def test_a_catalogued_mistake_gets_its_chinese_hint(chinese, quick_random_offline, exercise):
    for mistake in exercise.mistakes:
        verdict = exercises.judge(exercise.name, mistake.answer)
        assert not verdict
        assert verdict.hint == ZH[mistake.hint], mistake.hint
        assert verdict.line.startswith(f"❌ {exercise.name}：") and "提示：" in verdict.line


def test_the_checks_other_verdicts_are_chinese(chinese, quick_random_offline):
    def stub(image):
        raise NotImplementedError()

    assert exercises.judge("grayscale", stub).line == (
        "✏️ grayscale：还没有作答。在上面的单元格里写好 my_grayscale 并运行，然后再运行这个单元格。")
    assert exercises.judge("grayscale", lambda image: None).line == \
        "❌ grayscale：你的函数返回了 None。提示：是不是忘了写 `return`？"
    assert exercises.judge("grayscale", grayscale.luminance).line == \
        "✅ grayscale：正确，与参考答案一致。"
    assert "它替你完成了这个练习" in exercises.judge(
        "grayscale", lambda image: tf.image.rgb_to_grayscale(image)).line


def test_the_random_weights_note_is_chinese(chinese, random_weights):
    assert nst.weights_note() == ZH[RANDOM_WEIGHTS_NOTE]
    assert "随机权重" in nst.weights_note() and "NST_WEIGHTS=random" in nst.weights_note()


def test_the_playground_is_chinese(chinese, random_weights, tmp_path):
    pytest.importorskip("ipywidgets")
    from nst_tutorial.course.playground import Playground

    pg = Playground(size=64, steps=3, outputs=tmp_path)
    assert (pg.run_button.description, pg.stop_button.description) == ("运行", "停止")
    assert pg.optimizer.description == ZH["optimizer"] == "优化器"
    assert pg.tv_weight.description == "总变差"
    assert ("adam: " + ZH["Adam(0.02, beta_1=0.99, epsilon=0.1), the tutorial's"], "adam") in \
        pg.optimizer.options
    assert pg.status.value.startswith('<span style="color:inherit">准备就绪。')
    assert ZH[RANDOM_WEIGHTS_NOTE] in pg.status.value


def test_the_plots_package_drawn_words_are_chinese(chinese):
    acts = {"block1_conv1": np.random.default_rng(0).random((1, 6, 6, 4), dtype=np.float32)}
    fig = plotting.show_feature_maps(acts, channels=2, note="", show=False)
    assert fig.axes[0].get_title() in {"通道 0", "通道 1", "通道 2", "通道 3"}
    fig = plotting.show_gram(np.eye(8), channels=4, note="", show=False)
    assert fig.axes[0].get_title() == "格拉姆矩阵\n8 个通道中的 4 个"
    assert fig.axes[0].get_xlabel() == "通道 d"
    history = [{"step": n, "time": 0.1 * n, "content": 1.0 / n, "style": 2.0 / n,
                "total_variation": 0.0, "total": 3.0 / n} for n in range(1, 5)]
    ax = plot_losses(history, note="")
    assert ax.get_title() == "各项损失" and ax.get_xlabel() == "步数"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["内容", "风格", "总损失"]
    # A title the notebook passes stays as it was written.
    assert plot_losses(history, note="", title="My run").get_title() == "My run"
    assert plotting.show_gram(np.eye(3), title="G", note="", show=False).axes[0].get_title() == \
        "G\n3 个通道"


def test_a_chinese_note_under_a_figure_is_cut_into_lines_that_fit(chinese, random_weights):
    fig = plotting.show_gram(np.eye(3), show=False)
    [note] = [t.get_text() for t in fig.texts]
    assert note.replace("\n", "").replace(" ", "") == nst.weights_note().replace(" ", "")
    assert "\n" in note and all(width(line) <= fig.get_figwidth() * 14
                                for line in note.splitlines())


def test_chinese_titles_draw_without_glyph_warnings(chinese):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plotting.show_gram(np.eye(3), note="", show=False)  # picks the fonts
        fig.savefig(io.BytesIO(), format="png")
    assert not [w for w in caught if "Glyph" in str(w.message)]
    found = [name for name in plotting.CJK_FONTS
             if name in plt.rcParams["font.sans-serif"][:len(plotting.CJK_FONTS)]]
    assert plt.rcParams["font.sans-serif"][:len(found)] == found  # the Chinese fonts come first


def test_english_leaves_the_fonts_alone():
    before = list(plt.rcParams["font.sans-serif"])
    plotting.use_language_fonts()
    assert plt.rcParams["font.sans-serif"] == before


def test_errors_stay_english(chinese):
    with pytest.raises(SettingsError, match="the run has no history yet"):
        plot_losses([])


def test_notebook_08s_note_without_the_feed_forward_model_is_chinese(chinese):
    from nst_tutorial.base.errors import ModelError
    from nst_tutorial.course.data import fast_model_missing
    from nst_tutorial.further import fast

    note = fast_model_missing(ModelError("offline mode is on"))
    assert note.splitlines()[0] == (f"这台机器上没有前馈网络（{fast.NAME}，版本 {fast.VERSION}），"
                                    "所以跳过这一节。")
    assert "offline mode is on" in note and fast.ARCHIVE_NAME in note
    assert "nst-tutorial prefetch --only fast-model" in note


def test_without_a_chinese_font_the_setup_cell_says_how_to_get_one(chinese, capsys, monkeypatch):
    monkeypatch.setattr(plotting, "chinese_fonts", lambda: ())
    nst.use_profile("quick")
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("图表里的中文需要中文字体") and "fonts-noto-cjk" in first
