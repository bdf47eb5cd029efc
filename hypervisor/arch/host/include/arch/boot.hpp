#pragma once
// Host build: boot-time services do not apply (boot/start.cpp is not built).
