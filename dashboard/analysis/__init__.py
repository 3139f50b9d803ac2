"""The analysis: Arabic text layer, one phrase matcher, number grammar, and the components that read each article (entities, figures, stance) with their lexicons and models."""
