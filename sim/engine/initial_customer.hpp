// Making a person a customer with a fresh initial state: shared by building
// the world (world_init.cpp) and arranging its market (market_arrangement.cpp).
// Engine-private: it names a random stream's purpose.
#pragma once

#include "sim/engine/rng.hpp"
#include "sim/engine/world.hpp"

#include <cstddef>
#include <cstdint>

namespace ambassim {

// Makes person i a customer with a fresh initial state (the initial draws'
// distributions, bond_bonus added to the bond) from stream (tick, i, purpose).
void set_initial_customer(World& world, std::size_t i, Purpose purpose, std::uint64_t tick, double bond_bonus);

}  // namespace ambassim
