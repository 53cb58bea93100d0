"""The dashboard: figures (from mrejesho.stats.figures), volume over time, and the inline SVG
charts that draw them."""
