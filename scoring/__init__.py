"""Edge / cloud / hybrid inference decision engine: pure Python, no UI.

The layers, lowest first (each imports only from those below it):

    catalog   figures with their source and as-of date (scoring/catalog/data/*.yaml)
    model     what the user decides: the words of the domain, the scenario, its schema
    engine    pure computation: serving, latency, costs, constraints, criteria, evaluate
    report    how results are said and drawn: readings, record, Markdown, HTML, charts
    io, cli   files in and out, and the command line, at the edge

The public API is importable from here: `Scenario`, `load_scenario_file`, `evaluate`,
`Evaluation`.
"""

from scoring.engine.evaluate import Evaluation, evaluate
from scoring.io.scenario_files import load_scenario_file
from scoring.model.scenario import Scenario

__all__ = ["Evaluation", "Scenario", "evaluate", "load_scenario_file"]
