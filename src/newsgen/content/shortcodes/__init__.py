"""Hugo-style shortcodes (`{{< name args >}}`, paired, `{{% %}}`), expanded in the Markdown source before the
engine runs: lexer (tags found outside code), expand (pairing, templates, placeholders), builtins (registry)."""
