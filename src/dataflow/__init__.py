"""dataflow: policy-as-code validation of GDPR processing activities."""

__version__ = "0.1.0"
