"""Every write of the partner directory, partnerships and referrals."""
