"""Charts for the monitor as Vega-Lite specs, rendered to SVG on the server.

`specs` builds the line, status and flow charts, `maps` the map of the programme area, and
`render` turns a spec into SVG. Every chart comes with a Dutch description and a data table,
so the picture is never the only way to the numbers.
"""
