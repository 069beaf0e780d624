"""microcred: the framework-free core of the micro-credential platform.

Nothing under this package imports Django; the web layer (``microcred_web``) adapts it.
"""

__version__ = "0.1.0"
