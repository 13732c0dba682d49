"""The application landscape in the ArchiMate model exchange format: pure computation, no Django."""
