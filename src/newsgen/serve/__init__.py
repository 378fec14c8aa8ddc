"""The dev server: session, build loop, HTTP, routes, live reload, watching and change kinds."""
