"""The package's Chinese: for each English template the package writes, its Chinese one.

:func:`nst_tutorial.base.language.tr` looks the English up here when
``settings.lang`` is ``"zh"``. Each entry is ``English: Chinese``, with the
same ``{placeholders}`` (their order may differ); a space between Chinese and a
value that is Latin letters or digits is added by ``tr`` when it fills them in.

The words follow ``docs/zh-glossary.md`` (风格迁移, 内容图像, 格拉姆矩阵, 总变差...),
with full-width punctuation in Chinese sentences, a space between Chinese and
Latin letters or digits, and the reader addressed as 你. Names in code
(``my_gram_matrix``, ``tf.image.sobel_edges``, shapes such as ``[1, H, W, 3]``)
stay as they are. Profile names (``tutorial``, ``laptop``, ``quick``) are values,
kept in English.

When an English text changes, its entry here goes stale:
``python -m nst_tutorial.tools.messages`` lists the texts without a Chinese one,
the stale entries, and the entries whose placeholders differ from the English.
"""

ZH: dict[str, str] = {
    # -- base/profiles.py, course/pace.py: the profile line and the timing
    "images up to {max_dim} px, {epochs} x {steps} steps ({precision})":
        "图像最长边 {max_dim} 像素，{epochs} 轮、每轮 {steps} 步，{precision}",
    "Profile: tutorial ({plan}: the official tutorial's values).":
        "课程配置：tutorial（{plan}：官方教程的参数）。",
    "Profile: tutorial ({plan}: the official tutorial's values). Without a GPU the long runs "
    "take a while: nst.use_profile('laptop') fits them to this machine.":
        "课程配置：tutorial（{plan}：官方教程的参数）。没有 GPU 时，较长的运行要花不少时间："
        "nst.use_profile('laptop') 会按这台机器的速度调整它们。",
    "Profile: laptop, made for CPUs ({plan} on this machine). For the tutorial's 512 px and "
    "10 x 100 steps: nst.use_profile('tutorial') here, or NST_PROFILE=tutorial before "
    "starting Jupyter.":
        "课程配置：laptop，为 CPU 设计（在这台机器上：{plan}）。"
        "要用官方教程的 512 像素和 10 轮、每轮 100 步：在这里运行 nst.use_profile('tutorial')，"
        "或者在启动 Jupyter 之前设置 NST_PROFILE=tutorial。",
    "Profile: quick ({plan}, for tests). For the tutorial's: nst.use_profile('tutorial') "
    "here, or NST_PROFILE=tutorial before starting Jupyter.":
        "课程配置：quick（{plan}，用于测试）。要用官方教程的参数："
        "在这里运行 nst.use_profile('tutorial')，"
        "或者在启动 Jupyter 之前设置 NST_PROFILE=tutorial。",
    "Timing this machine once for the laptop profile (10 to 40 s)...":
        "正在为 laptop 课程配置测量这台机器的速度（只需一次，10 到 40 秒）……",
    "One step at {size} px takes {float32:.2f} s here in float32, {bfloat16:.2f} s in "
    "bfloat16 (at 512 px, about {at_512:.1f} s in float32).":
        "在这台机器上，{size} 像素的一步用 float32 需要 {float32:.2f} 秒，"
        "用 bfloat16 需要 {bfloat16:.2f} 秒（512 像素时，float32 约需 {at_512:.1f} 秒）。",
    "One step at {size} px takes {float32:.2f} s here in float32 (at 512 px, about "
    "{at_512:.1f} s in float32).":
        "在这台机器上，"
        "{size} 像素的一步用 float32 需要 {float32:.2f} 秒（512 像素时约需 {at_512:.1f} 秒）。",
    "{name} (in force)": "{name}（当前生效）",
    "06 gradient descent": "06 梯度下降",
    "07 total variation": "07 总变差",
    "08 going further": "08 更进一步",
    "about {minutes:.0f} min": "约 {minutes:.0f} 分钟",
    "about {seconds:.0f} s": "约 {seconds:.0f} 秒",

    # -- runs/weights.py, runs/record.py, runs/saving.py: the weights, a stopped run, a saved run
    "VGG19 has seeded RANDOM weights (NST_WEIGHTS=random): the code runs, but the pictures "
    "and predictions are not real style transfer.":
        "VGG19 用的是固定种子的随机权重（NST_WEIGHTS=random）：代码可以运行，"
        "但图像和预测结果都不是真正的风格迁移。",
    "Note: {note}": "注意：{note}",
    "⚠️ No VGG19 ImageNet weights ({name}): {reason}.\nThis notebook carries on with RANDOM "
    "weights: every cell runs, but the pictures are not real style transfer (the results say "
    "so).\nWays out: connect to the internet and restart the kernel; copy {name} into {folder} "
    "(nst-tutorial prefetch on a connected machine fetches it); or set "
    "NST_WEIGHTS=/path/to/the/file.h5.":
        "⚠️ 没有 VGG19 的 ImageNet 权重（{name}）：{reason}。\n这个笔记本改用随机权重继续："
        "每个单元格都能运行，但图像不是真正的风格迁移（结果上会注明）。\n解决办法：连上互联网，"
        "然后重启内核；"
        "把 {name} 复制到 {folder}（在联网的机器上运行 nst-tutorial prefetch 就能下载它）；"
        "或者设置 NST_WEIGHTS=/path/to/the/file.h5。",
    "Stopped at step {step}. The best image so far (loss {loss:.4g}) is kept in .best_image.":
        "已在第 {step} 步停止。目前最好的图像（损失 {loss:.4g}）保存在 .best_image 中。",
    "No saved run at {path}.": "{path} 处没有保存的运行。",
    "{path}: not a saved run this version can read ({error}).":
        "{path}：不是这个版本能读取的已保存运行（{error}）。",
    "{path} was made with other {what}: not used.": "{path} 是用不同的{what}生成的，因此不使用它。",
    "image sizes": "图像尺寸",

    # -- course/data.py, course/classify.py: images and class names, offline
    "offline mode is on": "离线模式已开启",
    "Using the bundled images {content!r} and {style!r} instead of the tutorial's Labrador "
    "and Kandinsky ({why}).":
        "改用随包附带的图像 {content!r} 和 {style!r}，"
        "代替官方教程的拉布拉多犬和康定斯基的画（{why}）。",
    "Result: the tutorial's, from tensorflow.org": "结果：官方教程的结果，来自 tensorflow.org",
    "Not the result yet:\nthe photo in the painting's colours":
        "还不是结果：\n照片换上了画作的颜色",
    "class {index}": "类别 {index}",
    "Class names unavailable: {file} (35 kB) could not be downloaded ({reason}); showing "
    "class indices instead.":
        "无法获取类别名称：{file}（35 kB）下载失败（{reason}）；改为显示类别编号。",
    "Offline (NST_OFFLINE=1) and {file} is not cached, so the class names are unknown; "
    "showing class indices 0-999 instead.":
        "处于离线模式（NST_OFFLINE=1），且 {file} 不在缓存中，所以类别名称未知；"
        "改为显示类别编号 0-999。",

    # -- course/plotting.py, course/display.py: the plots and the live display
    "output {i}": "输出 {i}",
    "layer": "层",
    "shape": "形状",
    "min": "最小值",
    "max": "最大值",
    "mean": "均值",
    "channel {c}": "通道 {c}",
    "{n} of {all} channels": "{all} 个通道中的 {n} 个",
    "{n} channels": "{n} 个通道",
    "channel d": "通道 d",
    "channel c": "通道 c",
    "Gram matrix": "格拉姆矩阵",
    "content": "内容",
    "style": "风格",
    "total variation": "总变差",
    "total": "总损失",
    "Loss by component": "各项损失",
    "step": "步数",
    "time (s)": "时间（秒）",
    "weighted loss": "加权损失",
    "Style transfer": "风格迁移",
    " [RANDOM weights]": " [随机权重]",
    "step {n}": "第 {n} 步",

    # -- course/playground.py, runs/options.py: the playground
    "Content": "内容图像",
    "Style": "风格图像",
    "Upload content": "上传内容图像",
    "Upload style": "上传风格图像",
    "uploaded: {name}": "已上传：{name}",
    "style / content": "风格 / 内容",
    "size (px)": "尺寸（像素）",
    "steps": "步数",
    "Run": "运行",
    "Stop": "停止",
    "Save": "保存",
    "write the result to a new file in outputs/": "把结果写入 outputs/ 中的一个新文件",
    "Ready. {weights}": "准备就绪。{weights}",
    "Starting: loading the pictures and VGG19... {weights}":
        "正在启动：加载图像和 VGG19……{weights}",
    "Running {steps} steps on {content} in the style of {style}. {weights}":
        "正在运行 {steps} 步：以 {style} 的风格处理 {content}。{weights}",
    "Stopping after this step...": "这一步结束后停止……",
    "Stopped at step {step}; kept the best image so far (loss {loss:.4g}).":
        "已在第 {step} 步停止；保留了目前最好的图像（损失 {loss:.4g}）。",
    "Done: {steps} steps, final loss {loss:.4g}.": "完成：共 {steps} 步，最终损失 {loss:.4g}。",
    "Download {name}": "下载 {name}",
    "Saved {path}. {weights}": "已保存 {path}。{weights}",
    "optimizer": "优化器",
    "the optimiser": "优化器",
    "Adam(0.02, beta_1=0.99, epsilon=0.1), the tutorial's":
        "Adam(0.02, beta_1=0.99, epsilon=0.1)，官方教程的选择",
    "L-BFGS-B, the paper's; one step is one loss evaluation":
        "L-BFGS-B，论文的选择；一步就是一次损失求值",
    "colours": "颜色",
    "whose colours the result has": "结果采用哪张图像的颜色",
    "the result takes the style image's colours (the tutorial's)":
        "结果采用风格图像的颜色（官方教程的做法）",
    "transfer on brightness only, then give back the content's colours":
        "只在亮度上做迁移，再还原内容图像的颜色",
    "recolour the style image to the content's colour statistics first":
        "先按内容图像的颜色统计给风格图像重新上色",
    "coarse-to-fine": "由粗到细",
    "the fraction of the steps spent at half size first (0: off, the tutorial's)":
        "先在一半尺寸上运行的步数比例（0：关闭，官方教程的做法）",
    "weight of the total variation loss": "总变差损失的权重",
    "style statistic": "风格统计量",
    "the style statistic: what of the style layers' features is matched":
        "风格统计量：要匹配风格层特征的哪些方面",
    "the Gram matrix: which channels fire together (the tutorial's)":
        "格拉姆矩阵：哪些通道同时激活（官方教程的做法）",
    "each channel's mean and standard deviation (AdaIN's)":
        "每个通道的均值和标准差（AdaIN 的做法）",
    "the mean and covariance: the Wasserstein-2 distance between fitted Gaussians":
        "均值和协方差：拟合出的高斯分布之间的 Wasserstein-2 距离",
    "the whole distribution along random directions: sliced Wasserstein":
        "沿随机方向比较整个分布：切片 Wasserstein 距离",

    # -- tools/report.py: the environment report (notebook 00)
    "Device": "设备",
    "CPU only": "仅 CPU",
    "yes": "是",
    "no": "否",
    "Weights": "权重",
    "   (RANDOM: results are not real style transfer)": "   （随机权重：结果不是真正的风格迁移）",
    "cached": "已缓存",
    "not cached": "未缓存",
    "   in {folder}": "   位于 {folder}",
    "Profile": "课程配置",
    "{profile}   ({plan}; NST_PROFILE)": "{profile}   （{plan}；NST_PROFILE）",

    # -- course/exercises/: the checks' verdicts (checking.py, grading.py, vgg_layers.py...)
    "{mark} {exercise}: {message}": "{mark} {exercise}：{message}",
    "{mark} {exercise}: {message} Hint: {hint}": "{mark} {exercise}：{message}提示：{hint}",
    "{name} (drawn inputs)": "{name}（随机抽取的输入）",
    "correct, it matches the reference.": "正确，与参考答案一致。",
    "not attempted yet. Write {function} in the cell above, run it, then run this cell again.":
        "还没有作答。在上面的单元格里写好 {function} 并运行，然后再运行这个单元格。",
    "expected your function, got {what}.": "应传入你的函数，却得到了{what}。",
    "Pass the function itself, {function}, without brackets.":
        "传入函数本身 {function}，不要加括号。",
    "the check could not use your answer ({error}).": "检查无法使用你的答案（{error}）。",
    "Return what {function}'s docstring asks for.":
        "按 {function} 的文档字符串要求的那样返回结果。",
    "your function raised {error}{line}.": "你的函数抛出了 {error}{line}。",
    "the model your function returned raised {error}{line}.":
        "你的函数返回的模型抛出了 {error}{line}。",
    " (line {number}: {code})": "（第 {number} 行：{code}）",
    "your model raised NotImplementedError.": "你的模型抛出了 NotImplementedError。",
    "your function calls {used}, which does this exercise for you; write {function} with your "
    "own code.":
        "你的函数调用了 {used}，它替你完成了这个练习；请用你自己的代码写 {function}。",
    "your function returned None.": "你的函数返回了 None。",
    "Did you forget `return`?": "是不是忘了写 `return`？",
    "one number": "一个数",
    "your function returned {what}, expected {expected}.": "你的函数返回了{what}，应为{expected}。",
    "Return one tensor, not several.": "返回一个张量，而不是多个。",
    "your function returned {what}, which is not an array of numbers ({error}); expected "
    "{expected}.":
        "你的函数返回了{what}，它不是数值数组（{error}）；应为{expected}。",
    "your function returned {what} holding {dtype} values, not real numbers; expected "
    "{expected}.":
        "你的函数返回了{what}，其中是 {dtype} 值，不是实数；应为{expected}。",
    "your function returned shape {shape}, expected one number.":
        "你的函数返回了形状 {shape}，应为一个数。",
    "shape {shape}, expected {expected}.": "形状为 {shape}，应为 {expected}。",
    "your result holds NaN or infinite values.": "你的结果中有 NaN 或无穷大的值。",
    "{what} hold NaN or infinite values.": "{what}中有 NaN 或无穷大的值。",
    "your function returned {got:.6g}, expected {want:.6g}.":
        "你的函数返回了 {got:.6g}，应为 {want:.6g}。",
    "values": "数值",
    "{what} differ from the reference (largest difference {error:.3g}).":
        "{what}与参考答案不同（最大差值 {error:.3g}）。",
    "your function returned {what}, not a model.": "你的函数返回了{what}，不是模型。",
    "Wrap the outputs in a model: keras.Model([vgg.input], outputs).":
        "把这些输出包装成一个模型：keras.Model([vgg.input], outputs)。",
    "your model returns {what}, expected a list of {n} tensors.":
        "你的模型返回了{what}，应为包含 {n} 个张量的列表。",
    "your model returns {n} output(s), expected {expected}, one per layer name.":
        "你的模型返回了 {n} 个输出，应为 {expected} 个，每个层名对应一个。",
    "output shapes {shapes}, expected {expected}.": "输出形状为 {shapes}，应为 {expected}。",
    "the activations of {layer}": "{layer} 的激活值",
    "the pixels after the step": "这一步之后的像素",
    "{name:<24} notebook {notebook}: {summary}": "{name:<24} 笔记本 {notebook}：{summary}",
    "Solution of {name} (notebook {notebook}): its code replaces the two lines `# YOUR CODE "
    "HERE` and `raise NotImplementedError()`.":
        "{name} 的参考答案（笔记本 {notebook}）："
        "用这段代码替换 `# YOUR CODE HERE` 和 `raise NotImplementedError()` 这两行。",

    # -- course/exercises/checking.py: describe(), what a learner's function returned
    "a dict with {n} key(s)": "一个有 {n} 个键的 dict",
    "a {kind} of {n} item(s)": "一个有 {n} 项的 {kind}",
    "a {kind} ({start!r})": "一个 {kind}（{start!r}）",
    "the number {value!r}": "数字 {value!r}",
    "a NumPy array of shape {shape}": "一个形状为 {shape} 的 NumPy 数组",
    "a tensor of shape {shape}": "一个形状为 {shape} 的张量",
    "a function": "一个函数",
    "a {kind}": "一个 {kind}",
    "an object of type {kind}": "一个 {kind} 类型的对象",
    "unknown": "未知",

    # -- The exercises (course/exercises/): each one's summary, hint, many and mistakes' hints

    # resize_to_max_dim (01)
    "scale [H, W, 3] so the long side is max_dim pixels, keeping the aspect ratio.":
        "缩放 [H, W, 3]，使长边为 max_dim 像素，并保持宽高比。",
    "Return [H, W, 3], the shape you were given: the batch axis is added later, not here.":
        "返回 [H, W, 3]，也就是传入时的形状：批次维度是之后才加的，不在这里加。",
    "Height comes first in a shape: [H, W, 3], and tf.shape(image)[:2] is (H, W).":
        "形状里高度在前：[H, W, 3]，tf.shape(image)[:2] 是 (H, W)。",
    "Round down: the cast to tf.int32 drops the fraction (42.7 becomes 42), tf.round would "
    "give 43.":
        "向下取整：转换成 tf.int32 会直接舍去小数部分（42.7 变成 42），而 tf.round 会得到 43。",
    "Scale by the long side: s = max_dim / max(H, W) (tf.reduce_max), not the short side.":
        "按长边缩放：s = max_dim / max(H, W)（tf.reduce_max），而不是按短边。",
    "Scale both sides by the same factor s, so the picture keeps its aspect ratio.":
        "两条边都乘以同一个系数 s，这样图像才能保持宽高比。",
    "Resize the image: return tf.image.resize(image, new_shape).":
        "记得缩放图像：return tf.image.resize(image, new_shape)。",
    "Keep the values in [0, 1]: resizing does not change their range.":
        "让数值保持在 [0, 1] 内：缩放不会改变它们的范围。",
    "Use tf.image.resize with its default method (bilinear) on the image you were given.":
        "对传入的图像使用 tf.image.resize 的默认方法（bilinear，双线性插值）。",
    "Compute new_shape = tf.cast(shape * s, tf.int32) from the float32 (H, W), then return "
    "tf.image.resize(image, new_shape).":
        "用 float32 的 (H, W) 算出 new_shape = tf.cast(shape * s, tf.int32)，"
        "然后 return tf.image.resize(image, new_shape)。",

    # grayscale (01)
    "the luminance of [H, W, 3] as [H, W, 1], Y = 0.299 R + 0.587 G + 0.114 B.":
        "[H, W, 3] 的亮度，形状为 [H, W, 1]，Y = 0.299 R + 0.587 G + 0.114 B。",
    "Weight the channels, Y = 0.299 R + 0.587 G + 0.114 B: the eye is most sensitive to "
    "green, so a plain mean makes greens too dark.":
        "给各通道加权，Y = 0.299 R + 0.587 G + 0.114 B：人眼对绿色最敏感，"
        "简单取平均会让绿色显得太暗。",
    "The channels are R, G, B in that order: 0.299 goes with channel 0, red.":
        "通道的顺序是 R、G、B：0.299 对应通道 0，也就是红色。",
    "Use the weights 0.299, 0.587, 0.114: they add up to 1, so white stays 1.":
        "使用权重 0.299、0.587、0.114：它们加起来等于 1，所以白色仍然是 1。",
    "Keep a channel axis of size 1, [H, W, 1]: keepdims=True, or add [..., tf.newaxis].":
        "保留一个大小为 1 的通道轴，[H, W, 1]：用 keepdims=True，或者加上 [..., tf.newaxis]。",
    "Return the luminance once, [H, W, 1], not repeated in three channels.":
        "亮度只返回一份，[H, W, 1]，不要在三个通道里重复。",
    "Y = 0.299 * image[..., 0:1] + 0.587 * image[..., 1:2] + 0.114 * image[..., 2:3].":
        "亮度 Y = 0.299 * image[..., 0:1] + 0.587 * image[..., 1:2] + 0.114 * image[..., 2:3]。",

    # deprocess (02)
    "undo Caffe preprocessing: VGG19's input [..., 3] back to RGB in [0, 1].":
        "撤销 Caffe 预处理：把 VGG19 的输入 [..., 3] 还原成 [0, 1] 内的 RGB。",
    "VGG19's input is in B, G, R order: reverse the channels back to R, G, B (x[..., ::-1]).":
        "VGG19 的输入是 B、G、R 顺序：把通道倒过来，恢复成 R、G、B（x[..., ::-1]）。",
    "The mean (103.939, 116.779, 123.68) is in B, G, R order: add it before you reverse the "
    "channels.":
        "均值 (103.939, 116.779, 123.68) 是按 B、G、R 顺序排列的：先加上它，再把通道倒过来。",
    "Add the ImageNet mean back: preprocessing subtracted it, so undoing it adds it.":
        "把 ImageNet 均值加回去：预处理减去了它，撤销预处理就要加上它。",
    "Add the ImageNet mean (blue 103.939, green 116.779, red 123.68) back before dividing by "
    "255.":
        "先把 ImageNet 均值（蓝 103.939、绿 116.779、红 123.68）加回去，再除以 255。",
    "Divide by 255 to come back to [0, 1].": "除以 255，回到 [0, 1]。",
    "Undo the steps in reverse order: add the mean (B, G, R), reverse the channels, divide by "
    "255.":
        "按相反的顺序撤销各步：加上均值（B、G、R），把通道倒过来，再除以 255。",

    # vgg_layers (03)
    "a model from VGG19's input to the named layers' activations, in the order given.":
        "一个从 VGG19 的输入到指定各层激活值的模型，按给定的顺序输出。",
    "Build a new model that stops at the named layers, not VGG19 itself: outputs = "
    "[vgg.get_layer(name).output for name in layer_names], then keras.Model([vgg.input], "
    "outputs).":
        "要构建一个在指定层结束的新模型，而不是 VGG19 本身："
        "outputs = [vgg.get_layer(name).output for name in layer_names]，"
        "然后 keras.Model([vgg.input], outputs)。",
    "Keep the order of layer_names: one output per name, in that order.":
        "保持 layer_names 的顺序：每个名字一个输出，顺序不变。",
    "Take each layer's .output, not its .input.": "取每一层的 .output，而不是 .input。",
    "Build the model on nst.load_vgg19(), which has the course's weights; a new "
    "keras.applications.VGG19 has weights of its own.":
        "在 nst.load_vgg19() 上构建模型，它带有课程使用的权重；"
        "新建的 keras.applications.VGG19 有它自己的权重。",
    "outputs = [vgg.get_layer(name).output for name in layer_names], then "
    "keras.Model([vgg.input], outputs).":
        "outputs = [vgg.get_layer(name).output for name in layer_names]，"
        "然后 keras.Model([vgg.input], outputs)。",

    # silent_channels (03)
    "how many channels of activations [1, h, w, C] are 0 at every position.":
        "激活值 [1, h, w, C] 中有多少个通道在每个位置都为 0。",
    "Count channels, not single zero values: a channel is silent when all of its h x w values "
    "are 0.":
        "要数的是通道，而不是单个的零值：一个通道的 h x w 个值全为 0 时，它才是静默的。",
    "Nearly every channel has a 0 somewhere (its minimum is 0 after the ReLU): a silent "
    "channel is 0 at every position, so look at its largest value.":
        "几乎每个通道都在某处有 0（经过 ReLU 后它的最小值就是 0）：静默的通道在每个位置都是 0，"
        "所以要看它的最大值。",
    "Count the silent channels, those that are 0 everywhere, not the active ones.":
        "数静默的通道，即处处为 0 的通道，而不是活跃的通道。",
    "Return how many channels are silent, not what fraction of them.":
        "返回静默通道的个数，而不是它们所占的比例。",
    "Reduce over the batch, height and width (axis=[0, 1, 2]) first: one value per channel, "
    "then count.":
        "先在批次、高度和宽度上归约（axis=[0, 1, 2]）：每个通道得到一个值，然后再计数。",
    "Return one number: count the channels whose largest value is 0.":
        "返回一个数：统计最大值为 0 的通道有多少个。",
    "A channel is silent when every one of its values is 0; ReLU outputs are never negative, "
    "so one number per channel tells you.":
        "一个通道的所有值都为 0 时，它就是静默的；ReLU 的输出从不为负，"
        "所以每个通道看一个数就知道了。",
    "Return one number, how many channels are silent.": "返回一个数：静默通道的个数。",

    # paper_style_loss (04)
    "one layer's style loss as the paper writes it, 1/(4 N² M²) times the summed squared "
    "difference of Gram matrices that sum over the M positions.":
        "按论文的写法计算一层的风格损失：1/(4 N² M²) 乘以格拉姆矩阵（对 M 个位置求和）"
        "之差的平方和。",
    "The paper's Gram matrix sums over the positions; the tutorial's averages. The M² of 1/(4 "
    "N² M²) is there because G is a sum.":
        "论文的格拉姆矩阵对各位置求和，官方教程的则取平均。"
        "1/(4 N² M²) 中的 M² 正是因为 G 是一个和。",
    "Keep the 4 of 1/(4 N² M²).": "别漏了 1/(4 N² M²) 中的 4。",
    "Both N and M are squared: 1/(4 N² M²).": "N 和 M 都要平方：1/(4 N² M²)。",
    "Add the squared differences over the N x N entries (tf.reduce_sum): 1/(4 N² M²) already "
    "divides.":
        "对 N x N 个元素的平方差求和（tf.reduce_sum）：1/(4 N² M²) 已经做了除法。",
    "Square the differences of the Gram matrices.": "对格拉姆矩阵之差取平方。",
    "G is N x N, channels by channels: sum the products over the positions, so that the "
    "channels stay.":
        "G 是 N x N 的，行和列都是通道：对各位置上的乘积求和，让通道留下来。",
    "G[c, d] = sum over the M positions of F[., c] * F[., d]; then the sum of (G - A)² over "
    "the N x N entries, divided by 4 N² M².":
        "G[c, d] = 在 M 个位置上对 F[., c] * F[., d] 求和；"
        "然后对 N x N 个元素的 (G - A)² 求和，再除以 4 N² M²。",
    "Return one number, the layer's loss.": "返回一个数：这一层的损失。",

    # layer_shape (05)
    "the shape [1, h, w, C] of a VGG19 conv layer's activations for a height x width image.":
        "对 height x width 的图像，VGG19 某个卷积层激活值的形状 [1, h, w, C]。",
    "blockK_convN comes before its own block's pooling: block1 sees the whole image, block2 "
    "half of it. Divide by 2 ** (K - 1).":
        "blockK_convN 在它所在块的池化之前：block1 是整幅图像的尺寸，block2 是一半。"
        "应除以 2 ** (K - 1)。",
    "Every block before blockK ends with a pooling: divide by 2 ** (K - 1).":
        "blockK 之前的每个块都以一次池化结束：除以 2 ** (K - 1)。",
    "Each pooling rounds down (37 rows become 18, then 9): use //, not / or rounding.":
        "每次池化都向下取整（37 行变成 18 行，再变成 9 行）：用 //，不要用 / 或四舍五入。",
    "The extractor keeps the batch axis: [1, h, w, C].": "提取器保留批次维度：[1, h, w, C]。",
    "Height first: [1, h, w, C].": "高度在前：[1, h, w, C]。",
    "The channels are 64, 128, 256, 512 and 512 for blocks 1 to 5: they double up to block 4, "
    "then stay.":
        "块 1 到块 5 的通道数分别是 64、128、256、512 和 512：到块 4 为止每块翻倍，"
        "之后保持不变。",
    "Read the block number K from the name; h = height // 2 ** (K - 1), the same for w.":
        "从名字中读出块号 K；h = height // 2 ** (K - 1)，w 同理。",

    # style_content_loss (06)
    "weighted style loss + weighted content loss, one number.":
        "加权风格损失 + 加权内容损失，一个数。",
    "That is still the exploding loss. Measure each style layer's term with it and with "
    "nst.style_content_loss: by what factor do they differ, and what size is a Gram matrix of "
    "that layer?":
        "这还是那个会爆炸的损失。分别用它和 nst.style_content_loss 测量每个风格层的那一项："
        "两者相差多少倍？那一层的格拉姆矩阵有多大？",
    "Multiply each sum by weight / number of layers: tf.add_n([...]) * style_weight / "
    "len(style_outputs).":
        "每个和都要乘以 权重 / 层数：tf.add_n([...]) * style_weight / len(style_outputs)。",
    "Average within each layer: tf.reduce_mean of the squared differences, not tf.reduce_sum.":
        "在每一层内取平均：对平方差用 tf.reduce_mean，而不是 tf.reduce_sum。",
    "style_weight goes with the style loss and content_weight with the content loss.":
        "style_weight 乘风格损失，content_weight 乘内容损失。",
    "Add the content loss too.": "把内容损失也加上。",
    "Add the style loss too.": "把风格损失也加上。",
    "Square the differences: (output - target) ** 2.": "对差取平方：(output - target) ** 2。",
    "Return one number: add the style and content losses.":
        "返回一个数：把风格损失和内容损失加起来。",
    "For each layer take tf.reduce_mean((output - target) ** 2), add the layers with "
    "tf.add_n, multiply by weight / number of layers, and add style and content.":
        "对每一层取 tf.reduce_mean((output - target) ** 2)，用 tf.add_n 把各层加起来，"
        "乘以 权重 / 层数，再把风格和内容两部分相加。",

    # style_weight (06)
    "the style weight that makes the weighted style term `share` of the whole loss.":
        "使加权风格项占整个损失 `share` 比例的风格权重。",
    "share is a part of the whole loss, not a ratio to the content term: with a share of 0.8 "
    "the style term is 0.8 of the total and the content term the other 0.2, so the style term "
    "is 4 times the content term.":
        "share 是占整个损失的比例，而不是与内容项之比：share 为 0.8 时，风格项占总量的 0.8，"
        "内容项占剩下的 0.2，所以风格项是内容项的 4 倍。",
    "The larger the share, the larger the style weight: share / (1 - share), not (1 - share) "
    "/ share.":
        "share 越大，风格权重越大：是 share / (1 - share)，而不是 (1 - share) / share。",
    "The style weight multiplies the style distance, so the style distance goes below the "
    "line.":
        "风格权重乘的是风格距离，所以风格距离要放在分母上。",
    "The content term is weighted too: content_weight * content_distance.":
        "内容项也是加权的：content_weight * content_distance。",
    "Write the weighted style term as share times the sum of both weighted terms, and solve "
    "for the style weight.":
        "把加权风格项写成 share 乘以两个加权项之和，再解出风格权重。",
    "Return one number, the style weight.": "返回一个数：风格权重。",

    # train_step (07)
    "one step on loss_fn(image) + total_variation_weight * TV(image), then clip to [0, 1]; "
    "the image variable is updated in place.":
        "对 loss_fn(image) + total_variation_weight * TV(image) 走一步，然后截断到 [0, 1]；"
        "图像变量就地更新。",
    "Add the total variation to the loss, times its weight: the pixels moved as if it were "
    "not there.":
        "把总变差乘以它的权重加到损失里：现在像素的变化就像没有总变差一样。",
    "Keep the pixels in [0, 1] after the optimizer's step: assign the clipped image back to "
    "the variable.":
        "优化器走完一步后，让像素保持在 [0, 1] 内：把截断后的图像赋值回变量。",
    "Total variation adds absolute differences (as tf.image.total_variation does), not "
    "squares.":
        "总变差累加的是差的绝对值（和 tf.image.total_variation 一样），而不是平方。",
    "Add the differences up (a sum); a mean divides them by their number.":
        "把差值加起来（求和）；取平均会再除以它们的个数。",
    "Total variation has two directions: neighbours along the width and along the height.":
        "总变差有两个方向：沿宽度方向的相邻像素和沿高度方向的相邻像素。",
    "The weight multiplies the total variation, not the style and content loss.":
        "这个权重乘的是总变差，而不是风格和内容损失。",
    "Inside the tape: loss = loss_fn(image) + total_variation_weight * (the sum of the "
    "absolute neighbour differences); then the gradient, the optimizer's step, and clip.":
        "在 tape 里："
        "loss = loss_fn(image) + total_variation_weight * （相邻像素差的绝对值之和）；"
        "然后求梯度，让优化器走一步，再截断。",

    # sobel_x (07)
    "the horizontal Sobel response inside the border, [1, H-2, W-2, 3], from neighbour "
    "differences.":
        "用相邻差值算出边界以内的水平 Sobel 响应，[1, H-2, W-2, 3]。",
    "Add three rows, with weights 1, 2, 1: the rows above and below count once, the middle "
    "row twice.":
        "把三行加起来，权重为 1、2、1：上下两行各算一次，中间一行算两次。",
    "The middle row counts twice: weights 1, 2, 1.": "中间一行算两次：权重为 1、2、1。",
    "Right minus left: Sobel's K_x is +1 on the right.": "右减左：Sobel 的 K_x 在右侧是 +1。",
    "Horizontal changes: take the differences along the width (x_deltas), then add the rows.":
        "水平方向的变化：沿宽度方向取差（x_deltas），再把各行加起来。",
    "Keep only the inside, [1, H-2, W-2, 3]: at the border sobel_edges pads the image.":
        "只保留内部，[1, H-2, W-2, 3]：在边界处 sobel_edges 会填充图像。",
    "Keep the batch axis: [1, H-2, W-2, 3].": "保留批次维度：[1, H-2, W-2, 3]。",
    "Right minus left spans two neighbour differences, x[j+1] - x[j-1] = d[j] + d[j-1], which "
    "leaves W - 2 columns.":
        "右减左跨越两个相邻差值，x[j+1] - x[j-1] = d[j] + d[j-1]，这样剩下 W - 2 列。",
    "right_minus_left = d[:, :, 1:] + d[:, :, :-1]; then rows i-1, i, i+1 with weights 1, 2, "
    "1.":
        "right_minus_left = d[:, :, 1:] + d[:, :, :-1]；然后把第 i-1、i、i+1 行按权重 1、2、"
        "1 相加。",
    "Return one tensor, the horizontal response [1, H-2, W-2, 3].":
        "返回一个张量：水平方向的响应 [1, H-2, W-2, 3]。",

    # with_colors_of (08)
    "the luminance of `result` with the colours (YIQ's I and Q) of `content`, in [0, 1].":
        "`result` 的亮度配上 `content` 的颜色（YIQ 的 I 和 Q），取值在 [0, 1] 内。",
    "Y, the brightness, comes from the result; I and Q, the colours, from the content.":
        "亮度 Y 取自结果；颜色 I 和 Q 取自内容图像。",
    "Clip to [0, 1] at the end (nst.clip_0_1): some YIQ colours fall outside RGB.":
        "最后截断到 [0, 1]（nst.clip_0_1）：有些 YIQ 颜色落在 RGB 范围之外。",
    "Put the content's I and Q back: tf.concat([y, iq], axis=-1), then tf.image.yiq_to_rgb.":
        "把内容图像的 I 和 Q 放回去：tf.concat([y, iq], axis=-1)，然后 tf.image.yiq_to_rgb。",
    "Convert back to RGB with tf.image.yiq_to_rgb.": "用 tf.image.yiq_to_rgb 转换回 RGB。",
    "Change the result's colours: keep its Y and take I and Q from the content.":
        "要改变结果的颜色：保留它的 Y，从内容图像中取 I 和 Q。",
    "Return all three RGB channels, [1, H, W, 3].": "返回全部三个 RGB 通道，[1, H, W, 3]。",
    "yiq = tf.image.rgb_to_yiq(...): Y from the result, I and Q from the content, then "
    "tf.image.yiq_to_rgb and clip to [0, 1].":
        "yiq = tf.image.rgb_to_yiq(...)：Y 取自结果，I 和 Q 取自内容图像，"
        "然后 tf.image.yiq_to_rgb，再截断到 [0, 1]。",
    "Return one image, [1, H, W, 3].": "返回一幅图像，[1, H, W, 3]。",

    # mean_std_loss (09)
    "the mean_std style loss of two layers' activations [1, h, w, C].":
        "同一层的两组激活值 [1, h, w, C] 之间的 mean_std 风格损失。",
    "The spread matters too: add the squared differences of the standard deviations to those "
    "of the means.":
        "离散程度也很重要：除了均值的平方差，还要加上标准差的平方差。",
    "Use the standard deviation, the square root of the variance (plus 1e-5).":
        "要用标准差，即方差（加上 1e-5）的平方根。",
    "Divide the variance by the number of places, as tf.nn.moments does, not by one less.":
        "方差要除以位置的个数（和 tf.nn.moments 一样），而不是个数减一。",
    "Average over the channels (tf.reduce_mean), do not add them up.":
        "在各通道上取平均（tf.reduce_mean），不要把它们加起来。",
    "Per channel: the mean and sqrt(variance + 1e-5) over every place; then the mean over the "
    "channels of the squared differences, for the means plus for the spreads.":
        "对每个通道：在所有位置上求均值和 sqrt(variance + 1e-5)；"
        "然后分别在各通道上对均值的平方差和标准差的平方差取平均，再相加。",
    "Return one number, the loss.": "返回一个数：损失。",

    # -- course/data.py: notebook 08 without the feed-forward model
    "The feed-forward network ({name}, version {version}) is not on this machine, so "
    "this section is skipped.":
        "这台机器上没有前馈网络（{name}，版本 {version}），所以跳过这一节。",
    "  Why: {error}": "  原因：{error}",
    "  To get it, where the network works: nst-tutorial prefetch --only fast-model":
        "  获取方法：在能联网的地方运行 nst-tutorial prefetch --only fast-model",
    "  Or copy the archive from another machine and load it: "
    'nst.fast.load_model("/path/to/{archive}")':
        "  或者从另一台机器复制压缩包，再这样加载："
        'nst.fast.load_model("/path/to/{archive}")',
    "  (it is the download of {url}; the course has not recorded its size)":
        "  （它就是 {url} 的下载内容；课程没有记录它的大小）",

    # -- course/pace.py: Chinese plots on a machine without a Chinese font (Colab)
    "The plots' Chinese needs a font with Chinese characters, and this machine has none: "
    "install one (Colab, Debian, Ubuntu: !apt-get -qq install fonts-noto-cjk), then restart "
    "the kernel.":
        "图表里的中文需要中文字体，而这台机器上没有：请先安装一种（Colab、Debian、Ubuntu："
        "!apt-get -qq install fonts-noto-cjk），然后重启内核。",
}
