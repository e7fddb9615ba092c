'''The solutions of the course's exercises: the code that replaces each stub.

In the notebooks a learner opens, each exercise's function ends in the stub
``# YOUR CODE HERE`` / ``raise NotImplementedError()``. The lines here replace
it: ``nst.exercises.solution(name)`` prints them, and the instructor's release
(``python -m nst_tutorial.tools.instructor``) puts them between nbgrader's
``### BEGIN SOLUTION`` and ``### END SOLUTION`` markers. They run in the
notebook, so they may use its names: ``tf``, ``keras`` (notebook 03), ``nst``
and ``high_pass_x_y`` (notebook 07).
'''

SOLUTIONS = {
    "resize_to_max_dim": '''\
shape = tf.cast(tf.shape(image)[:-1], tf.float32)  # [H, W]
scale = max_dim / tf.reduce_max(shape)
new_shape = tf.cast(shape * scale, tf.int32)  # the cast rounds down
return tf.image.resize(image, new_shape)
''',
    "grayscale": '''\
weights = tf.constant([0.299, 0.587, 0.114])  # red, green, blue
return tf.reduce_sum(image * weights, axis=-1, keepdims=True)
''',
    "deprocess": '''\
mean = tf.constant([103.939, 116.779, 123.68])  # blue, green, red
bgr = tf.convert_to_tensor(x, tf.float32) + mean
return bgr[..., ::-1] / 255.0  # back to red, green, blue in [0, 1]
''',
    "vgg_layers": '''\
vgg = nst.load_vgg19(include_top=False)
vgg.trainable = False
outputs = [vgg.get_layer(name).output for name in layer_names]
return keras.Model([vgg.input], outputs)
''',
    "strongest_channel": '''\
means = tf.reduce_mean(activation, axis=[0, 1, 2])  # one mean per channel
return int(tf.argmax(means))
''',
    "gram_matrix": '''\
result = tf.linalg.einsum("bijc,bijd->bcd", input_tensor, input_tensor)
input_shape = tf.shape(input_tensor)
num_locations = tf.cast(input_shape[1] * input_shape[2], tf.float32)
return result / num_locations
''',
    "layer_shape": '''\
block = int(layer_name[len("block")])  # "block3_conv1" -> 3
poolings = block - 1  # blocks 1 to K-1 each end with a 2 x 2 pooling
channels = [64, 128, 256, 512, 512][block - 1]
return [1, height // 2**poolings, width // 2**poolings, channels]
''',
    "style_content_loss": '''\
style_outputs, content_outputs = outputs["style"], outputs["content"]
style_loss = tf.add_n([tf.reduce_mean((style_outputs[name] - style_targets[name]) ** 2)
                       for name in style_outputs])
style_loss *= style_weight / len(style_outputs)
content_loss = tf.add_n([tf.reduce_mean((content_outputs[name] - content_targets[name]) ** 2)
                         for name in content_outputs])
content_loss *= content_weight / len(content_outputs)
return style_loss + content_loss
''',
    "style_weight": '''\
# style_weight * style_distance = balance * (content_weight * content_distance)
return balance * content_weight * content_distance / style_distance
''',
    "total_variation_loss": '''\
x_deltas, y_deltas = high_pass_x_y(image)
return tf.reduce_sum(tf.abs(x_deltas)) + tf.reduce_sum(tf.abs(y_deltas))
''',
    "sobel_x": '''\
x_deltas, _ = high_pass_x_y(image)  # [1, H, W-1, 3]
right_minus_left = x_deltas[:, :, 1:] + x_deltas[:, :, :-1]  # [1, H, W-2, 3]
return (right_minus_left[:, :-2] + 2 * right_minus_left[:, 1:-1]
        + right_minus_left[:, 2:])  # rows above, middle (twice), below
''',
    "with_colors_of": '''\
y = tf.image.rgb_to_yiq(result)[..., :1]  # the brightness of the result
iq = tf.image.rgb_to_yiq(content)[..., 1:]  # the colours of the photo
rgb = tf.image.yiq_to_rgb(tf.concat([y, iq], axis=-1))
return tf.clip_by_value(rgb, 0.0, 1.0)
''',
}
