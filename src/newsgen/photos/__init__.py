"""The photo pipeline (issue 14): probe an image's real size, clean its metadata, make responsive variants
(resized, re-encoded, content-hashed names) and the data templates turn into `<picture>` markup.

Imports only the standard library, Pillow and core: the render layer asks it for markup data, the build
layer runs its stage over the site's static images.
"""
