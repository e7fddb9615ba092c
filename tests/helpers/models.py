"""The layers of the shallow extractor (the ``shallow_extractor`` fixture in tests/conftest.py)."""

SHALLOW_LAYERS = (["block1_conv1", "block2_conv1"], ["block2_conv2"])  # style, content
