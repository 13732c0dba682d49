"""The regional business case without Django: cash flows, NPV, cost split, sensitivity."""
