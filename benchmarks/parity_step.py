"""Does a parity-mode step cost what the tutorial's own step costs?

On one machine, in one process, with the same images and the same VGG19 weights,
this times the official tutorial's training step (its code copied below: the
``@tf.function`` ``train_step`` with total variation) and
:meth:`nst_tutorial.StyleTransfer.step` with the default (parity) settings.
The two alternate in blocks of ``--steps`` steps, ``--repeats`` times, so a
machine that gets busier or quieter affects both alike. It prints the median
time of one step for each (wall clock and this process's CPU time) and their
ratio, also as the median of the ratios of neighbouring blocks, which holds
up better on a shared machine (the target: at most 1.05).

The package's step does a little more than the tutorial's: it reads the loss
components back for the history and keeps the image before the update (for
``best_image``). This measures what that costs.

    python benchmarks/parity_step.py                   # 256 px, random weights
    python benchmarks/parity_step.py --size 128 --repeats 15
    python benchmarks/parity_step.py --weights imagenet
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

import nst_tutorial as nst  # noqa: E402
from nst_tutorial.features import load_vgg19  # noqa: E402


def tutorial_step(content_image, style_image, vgg_weights):
    """The tutorial's set-up and ``train_step`` (with total variation), as it writes them.

    Returns ``(train_step, image)``; ``train_step(image)`` takes one step.
    """

    def vgg_layers(layer_names):
        vgg = tf.keras.applications.VGG19(include_top=False, weights=None)
        vgg.set_weights(vgg_weights)  # the tutorial: weights='imagenet'
        vgg.trainable = False
        outputs = [vgg.get_layer(name).output for name in layer_names]
        model = tf.keras.Model([vgg.input], outputs)
        return model

    def gram_matrix(input_tensor):
        result = tf.linalg.einsum("bijc,bijd->bcd", input_tensor, input_tensor)
        input_shape = tf.shape(input_tensor)
        num_locations = tf.cast(input_shape[1] * input_shape[2], tf.float32)
        return result / (num_locations)

    class StyleContentModel(tf.keras.models.Model):
        def __init__(self, style_layers, content_layers):
            super(StyleContentModel, self).__init__()
            self.vgg = vgg_layers(style_layers + content_layers)
            self.style_layers = style_layers
            self.content_layers = content_layers
            self.num_style_layers = len(style_layers)
            self.vgg.trainable = False

        def call(self, inputs):
            "Expects float input in [0,1]"
            inputs = inputs * 255.0
            preprocessed_input = tf.keras.applications.vgg19.preprocess_input(inputs)
            outputs = self.vgg(preprocessed_input)
            style_outputs, content_outputs = (outputs[:self.num_style_layers],
                                              outputs[self.num_style_layers:])
            style_outputs = [gram_matrix(style_output) for style_output in style_outputs]
            content_dict = {content_name: value
                            for content_name, value in zip(self.content_layers, content_outputs)}
            style_dict = {style_name: value
                          for style_name, value in zip(self.style_layers, style_outputs)}
            return {"content": content_dict, "style": style_dict}

    content_layers = ["block5_conv2"]
    style_layers = ["block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1",
                    "block5_conv1"]
    num_content_layers = len(content_layers)
    num_style_layers = len(style_layers)
    extractor = StyleContentModel(style_layers, content_layers)
    style_targets = extractor(style_image)["style"]
    content_targets = extractor(content_image)["content"]
    image = tf.Variable(content_image)

    def clip_0_1(image):
        return tf.clip_by_value(image, clip_value_min=0.0, clip_value_max=1.0)

    opt = tf.keras.optimizers.Adam(learning_rate=0.02, beta_1=0.99, epsilon=1e-1)
    style_weight = 1e-2
    content_weight = 1e4
    total_variation_weight = 30

    def style_content_loss(outputs):
        style_outputs = outputs["style"]
        content_outputs = outputs["content"]
        style_loss = tf.add_n([tf.reduce_mean((style_outputs[name] - style_targets[name]) ** 2)
                               for name in style_outputs.keys()])
        style_loss *= style_weight / num_style_layers
        content_loss = tf.add_n([tf.reduce_mean((content_outputs[name] - content_targets[name]) ** 2)
                                 for name in content_outputs.keys()])
        content_loss *= content_weight / num_content_layers
        loss = style_loss + content_loss
        return loss

    @tf.function()
    def train_step(image):
        with tf.GradientTape() as tape:
            outputs = extractor(image)
            loss = style_content_loss(outputs)
            loss += total_variation_weight * tf.image.total_variation(image)
        grad = tape.gradient(loss, image)
        opt.apply_gradients([(grad, image)])
        image.assign(clip_0_1(image))

    return train_step, image


def images(size: int):
    """The course's bundled content and style samples, long side ``size``."""
    from nst_tutorial import data

    return (nst.load_img(data.sample_path("cat"), max_dim=size),
            nst.load_img(data.sample_path("composition"), max_dim=size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=256, help="long side of the images, px")
    parser.add_argument("--steps", type=int, default=10, help="steps per timed block")
    parser.add_argument("--repeats", type=int, default=7, help="timed blocks of each")
    parser.add_argument("--weights", default="random",
                        help="imagenet, random (default) or a weights file")
    args = parser.parse_args()

    nst.configure(weights=args.weights)
    content, style = images(args.size)
    weights = load_vgg19().get_weights()
    train_step, tut_image = tutorial_step(content, style, weights)
    run = nst.StyleTransfer(content, style)

    def timed(step, image):
        """Seconds per step for ``args.steps`` steps: (wall clock, CPU time of this process)."""
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.steps):
            step()
        image.numpy()  # wait for the last step
        return ((time.perf_counter() - wall) / args.steps,
                (time.process_time() - cpu) / args.steps)

    blocks = {"tutorial": lambda: timed(lambda: train_step(tut_image), tut_image),
              "package": lambda: timed(run.step, run.image)}
    for block in blocks.values():  # compile and warm up, untimed
        block()
    times = {"tutorial": [], "package": []}
    for r in range(args.repeats):
        for name in (["tutorial", "package"] if r % 2 == 0 else ["package", "tutorial"]):
            times[name].append(blocks[name]())

    print(f"parity step, {tuple(content.shape[1:3])} content, {tuple(style.shape[1:3])} style, "
          f"weights={nst.settings.weights}, {args.repeats} x {args.steps} steps each, "
          f"TensorFlow {tf.__version__}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    if nst.weights_note():
        print("(random weights: the timing is the same as with ImageNet weights; "
              "the pictures would not be)")
    for name, values in times.items():
        wall = [w for w, _ in values]
        cpu = [c for _, c in values]
        spread = ", ".join(f"{v * 1e3:.0f}" for v in wall)
        print(f"{name:>9}: median {statistics.median(wall) * 1e3:8.1f} ms/step wall, "
              f"{statistics.median(cpu) * 1e3:8.1f} ms/step CPU   [wall: {spread}]")
    # Blocks run next to each other are compared with each other, so that a machine that
    # gets busier or quieter during the run affects both sides of each ratio alike.
    paired = {kind: statistics.median(p[k] / t[k] for p, t in zip(times["package"],
                                                                     times["tutorial"]))
              for k, kind in enumerate(("wall", "CPU"))}
    tut = statistics.median(w for w, _ in times["tutorial"])
    pkg = statistics.median(w for w, _ in times["package"])
    print(f"    ratio: package / tutorial = {pkg / tut:.3f} (medians, wall), "
          f"{paired['wall']:.3f} (median of paired blocks, wall), "
          f"{paired['CPU']:.3f} (paired, CPU time)  (target <= 1.05)")


if __name__ == "__main__":
    main()
