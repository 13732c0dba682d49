"""What the needs app announces; the layers above it (matching) listen, so needs never imports
them."""

from django.dispatch import Signal

# Sent inside the transaction of an action that changed what a need says or who may read it
# (created, edited, moved along its workflow). Receivers get `need_id`; whatever they write
# (matching queues the need's indexing) commits with the change, or not at all.
need_changed = Signal()
