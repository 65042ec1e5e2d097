"""What readers see: tables (:mod:`.tables`), charts (:mod:`.charts`) and the figures of the
reports (:mod:`.figures`), CSV and Excel exports (:mod:`.export`). The report run is
:mod:`nplv_analysis.pipeline`, one layer up."""
