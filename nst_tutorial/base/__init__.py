"""The bottom layer: runtime settings (:mod:`.settings`) and every exception class (:mod:`.errors`).

Nothing here knows about images, models or notebooks.
"""
