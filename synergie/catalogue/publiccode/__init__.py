"""publiccode.yml, read and written the way the reference parser (italia/publiccode-parser-go) does: pure computation, no Django."""
