"""Never finishes in time."""
import time

print("starting")
time.sleep(60)
