"""coffeechat: informational-interview notes, follow-ups and a site."""

__version__ = "0.1.0"
