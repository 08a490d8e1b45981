"""The demo's rights-and-information texts for Moldova, one module per language:
``TEXTS`` maps a topic (portal.models.Topic) to (title, summary, body). General
information, checked against the laws and the international standards it names;
loaded by integra.portal.demo_articles."""
