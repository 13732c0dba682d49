"""The Django-free kernel: text utilities the engines and the apps share. Nothing here imports
Django or an app (enforced by import-linter, `.importlinter`)."""
