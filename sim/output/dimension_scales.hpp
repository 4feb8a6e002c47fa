// Turns the `dimensions` attribute of every dataset into netCDF-4 style HDF5
// dimension scales, so that every group of an ambassim file opens in xarray
// (`xr.open_dataset(f, group=g, engine="h5netcdf")`) with named dimensions and
// coordinates. Called once by H5Output::commit(), for every file kind.
#pragma once

#include <cstdint>
#include <string>

namespace ambassim {

// `file` is an open, writable HDF5 file id (hid_t); `name` is used in errors.
// For each group and each axis label used by its datasets, the group gets a
// 1-d coordinate dataset named after the label (copied from the label's
// source dataset, see dimension_scales.cpp, or 0..n-1), made a dimension
// scale and attached to every axis with that label. Throws OutputError if a
// label has two lengths in one group or its name is taken by another dataset.
void attach_dimension_scales(std::int64_t file, const std::string& name);

}  // namespace ambassim
