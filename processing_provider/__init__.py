"""Processing provider `carbonledger`: thin QgsProcessingAlgorithm wrappers over algorithms/."""
