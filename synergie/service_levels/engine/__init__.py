"""Service-level arithmetic on incident exports: pure computation, no Django."""
