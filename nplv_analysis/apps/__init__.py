"""The ways in: the command line (:mod:`.cli`), the widget explorer (:mod:`.explorer`) and the
Voila workshop (:mod:`.workshop`)."""
