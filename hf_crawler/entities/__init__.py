"""The entities the catalogue holds (models, datasets): each one described once (where
the Hub lists it, what is asked and kept), its record type, and how a listing item or a
card becomes what is stored. Pure: no I/O."""
