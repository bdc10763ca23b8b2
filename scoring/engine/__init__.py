"""Pure computation over a validated scenario and the catalog: demand, model fit, inference,
latency, devices, hybrid patterns, deployment, constraints, resilience, criteria, weights,
costs, break-even, uncertainty, drivers, sensitivity, evidence, confirmation, and `evaluate`,
which runs them all. No Streamlit, no plotly, no I/O."""
