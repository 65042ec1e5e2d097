"""What readers see: tables (:mod:`.tables`), charts (:mod:`.charts`) and the figures of the
reports (:mod:`.figures`), CSV and Excel exports (:mod:`.export`) and the papermill report run
(:mod:`.runner`)."""
