"""The report run: the manifest's notebooks executed with papermill into an output folder, with
content-hash stamps so that only what changed is made again, and the index page (:mod:`.run`)."""
