"""Reading and writing files safely: atomic site swaps, build locks, refusing odd files, precompression."""
