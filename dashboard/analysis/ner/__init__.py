"""A trained named-entity recogniser (PERS/LOC/ORG/MISC): a CRF over word, affix, gazetteer and word-cluster
features. Trained on ANERcorp (CC BY-SA 4.0); word clusters learned from the ANT corpus without labels."""
