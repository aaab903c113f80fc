"""RM-1 written the way a researcher would in Mesa 3: one agent per customer on a NetworkGrid,
a synchronous step (decide, then advance), a DataCollector. The peer of recovery.reference.rm1."""
from __future__ import annotations

import math

import mesa
import networkx as nx
from mesa.space import NetworkGrid

P = {"p_fail": 0.05, "p_voice": 0.04, "p_recover": 0.8, "bonus": 0.1, "hit": 0.5, "alpha": 0.3,
     "beta": 0.1, "churn_sat": -0.2, "p_churn": 0.5, "strong": 0.3, "p_tell_neg": 0.5,
     "p_tell_pos": 0.25, "wom_shift": 0.05}


class Customer(mesa.Agent):
    def __init__(self, model):
        super().__init__(model)
        self.active, self.sat, self.exp = True, 0.0, 0.5
        self.heard, self.leaving = 0.0, False

    def step(self):
        if not self.active:
            return
        m, rnd = self.model, self.model.random
        if rnd.random() < P["p_fail"]:
            if rnd.random() < P["p_voice"]:
                m.complaints += 1
                d = P["bonus"] if rnd.random() < P["p_recover"] else -P["hit"]
            else:
                d = -P["hit"]
        else:
            perf = rnd.gauss(0.6, 0.1)
            d = perf - self.exp
            self.exp += P["beta"] * (perf - self.exp)
        self.sat = (1 - P["alpha"]) * self.sat + P["alpha"] * d
        if abs(d) > P["strong"]:
            chance = P["p_tell_neg"] if d < 0 else P["p_tell_pos"]
            for other in m.grid.get_neighbors(self.pos):
                if other.active and rnd.random() < chance:
                    other.heard += P["wom_shift"] * math.copysign(1, d)
                    if d < 0:
                        m.tellings_neg += 1
                    else:
                        m.tellings_pos += 1
        self.leaving = self.sat < P["churn_sat"] and rnd.random() < P["p_churn"]

    def advance(self):
        self.exp += self.heard
        self.heard = 0.0
        if self.leaving:
            self.active, self.leaving = False, False


class RM1(mesa.Model):
    def __init__(self, n=1_000, seed=None):
        super().__init__(seed=seed)
        self.grid = NetworkGrid(nx.watts_strogatz_graph(n, 10, 0.1, seed=seed))
        for node in range(n):
            self.grid.place_agent(Customer(self), node)
        self.complaints = self.tellings_neg = self.tellings_pos = 0
        self.datacollector = mesa.DataCollector(model_reporters={
            "active_share": lambda m: sum(a.active for a in m.agents) / len(m.agents),
            "mean_sat": lambda m: (lambda s: sum(s) / len(s) if s else float("nan"))(
                [a.sat for a in m.agents if a.active]),
            "complaints": "complaints", "tellings_neg": "tellings_neg", "tellings_pos": "tellings_pos"})

    def step(self):
        self.complaints = self.tellings_neg = self.tellings_pos = 0
        self.agents.do("step")
        self.agents.do("advance")
        self.datacollector.collect(self)


def run(n, periods, seed):
    model = RM1(n, seed=seed)
    for _ in range(periods):
        model.step()
    return model.datacollector.get_model_vars_dataframe().to_numpy()
