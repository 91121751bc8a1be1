$cessCoAnfS:ind/Subjo
