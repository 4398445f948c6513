"""LittleGiant (小巨人): the tiered cultivation of quality SMEs, as an open platform.

Layers, top to bottom: ``cli`` and ``web`` → ``batch``, ``matching``, ``io`` → ``rules`` → ``records``.
"""

__version__ = "0.1.0"
