"""Groups of kg subcommands, one module per topic, each registering itself on ``kg.cli.main``.

``kg.cli`` imports every module listed in ``TOPICS`` after defining ``main``.
"""

TOPICS = ("store", "network", "ontology", "corpus")
