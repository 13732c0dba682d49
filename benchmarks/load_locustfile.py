"""The simulated people of benchmarks/load.py (run by locust, not imported by Synergie).

Two kinds of visitor read the site, each pausing between pages as a person reads them:
the public (home page, published needs, decisions, their Atom feed) and the purchasing office's
analysts, already signed in (the inbox searched and filtered, a need page with its "this looks
like", the synergy map, an opportunity, its business case, the portfolio scenario). Each
visitor keeps to one of the web processes, as a load balancer with sticky sessions would.
What to open comes from the JSON file named by SYNERGIE_LOAD_TARGETS, written by load.py."""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["SYNERGIE_LOAD_TARGETS"], encoding="utf-8").read())
THINK = TARGETS["think_seconds"]
_numbers = itertools.count()


class Visitor(HttpUser):
    abstract = True
    host = TARGETS["hosts"][0]
    wait_time = between(*THINK)

    def on_start(self):
        number = next(_numbers)
        self.client.base_url = TARGETS["hosts"][number % len(TARGETS["hosts"])]
        self.number = number

    def page(self, name: str, path: str, **params):
        """One page, counted under `name`; anything but 200 (a redirect to the login page
        included) is an error."""
        with self.client.get(path, params=params or None, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Public(Visitor):
    weight = 2

    @task(3)
    def home(self):
        self.page("home", "/fr/")

    @task(3)
    def public_list(self):
        self.page("public_list", "/fr/needs/public/", page=random.randint(1, 20))

    @task(2)
    def decisions(self):
        self.page("decisions", "/fr/decisions/")

    @task(1)
    def feed(self):
        self.page("feed", "/fr/decisions/feed/")


class Analyst(Visitor):
    weight = 3

    def on_start(self):
        super().on_start()
        self.client.cookies.set("sessionid", TARGETS["sessions"][self.number
                                                                 % len(TARGETS["sessions"])])

    @task(4)
    def inbox(self):
        filters = random.choice(TARGETS["inbox_filters"])
        self.page("inbox", "/fr/needs/", q=random.choice(TARGETS["search_words"]), **filters)

    @task(2)
    def inbox_sorted(self):
        self.page("inbox", "/fr/needs/", **random.choice(TARGETS["inbox_filters"]),
                  page=random.randint(1, 50))

    @task(4)
    def need(self):
        self.page("need", f"/fr/needs/{random.choice(TARGETS['needs'])}/")

    @task(1)
    def synergy_map(self):
        self.page("map", "/fr/opportunities/map/")

    @task(2)
    def opportunity(self):
        self.page("opportunity", f"/fr/opportunities/{TARGETS['opportunity']}/")

    @task(2)
    def business_case(self):
        self.page("business_case", f"/fr/opportunities/{TARGETS['opportunity']}/business-case/")

    @task(2)
    def scenario(self):
        self.page("scenario", f"/fr/portfolio/{TARGETS['scenario']}/")
