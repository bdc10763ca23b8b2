"""How results are said and drawn: readings of costs and latency (each sentence once), the
decision record and its Markdown and HTML renderings, plotly charts, the JSON contract of
`evaluate --json`, variant comparisons and the figures a result used."""
