"""The REST API, version 1 (docs/api.md): public reads, and token-authenticated reads and writes
through each app's permissions and actions."""
