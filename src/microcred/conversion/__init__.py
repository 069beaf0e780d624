"""Credit and level conversion between the partners' systems, with sources and versions."""

from microcred.conversion.credits import CreditConversion, convert_credits
from microcred.conversion.levels import LevelConversion, MappingStep, convert_level, eqf_level_of

__all__ = [
    "CreditConversion",
    "LevelConversion",
    "MappingStep",
    "convert_credits",
    "convert_level",
    "eqf_level_of",
]
